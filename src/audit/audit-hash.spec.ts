import fc from 'fast-check';
import { auditHash, linkHash, linkParts } from './audit-hash';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const fields = fc.record({
  occurredAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
  recordedAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
  type: fc.string(),
  actorType: fc.constantFrom('client', 'system', 'user', 'upstream'),
  actorId: fc.string(),
  patientId: fc.option(fc.uuid(), { nil: null }),
  alertId: fc.option(fc.uuid(), { nil: null }),
  resourceId: fc.option(fc.uuid(), { nil: null }),
  wardId: fc.option(fc.string(), { nil: null }),
  details: fc.jsonValue(),
});

describe('an audit link computed from the text around the previous hash', () => {
  it('equals the hash the verifier computes, for any event and any previous hash', () => {
    fc.assert(
      fc.property(fields, hex64, (event, prevHash) => {
        expect(linkHash(prevHash, linkParts(event))).toBe(auditHash({ ...event, prevHash }));
      }),
      { numRuns: 500 },
    );
  });

  it('is not misled by details that hold a prevHash of their own', () => {
    const event = {
      occurredAt: new Date('2026-12-03T10:00:00.000Z'),
      recordedAt: new Date('2026-12-03T10:00:01.000Z'),
      type: 'set.scored',
      actorType: 'client',
      actorId: '"prevHash":"',
      patientId: null,
      alertId: null,
      resourceId: null,
      wardId: 'prevHash',
      details: { prevHash: 'f'.repeat(64), nested: { '"prevHash":"': '"prevHash":"' } },
    };
    const prevHash = 'a'.repeat(64);
    expect(linkHash(prevHash, linkParts(event))).toBe(auditHash({ ...event, prevHash }));
    expect(linkHash('b'.repeat(64), linkParts(event))).not.toBe(auditHash({ ...event, prevHash }));
  });
});
