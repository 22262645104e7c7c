import { chainOf } from './audit-log';

describe('chainOf', () => {
  it('gives each EPR client a chain of its own, and one each to staff, the system and the upstream server', () => {
    expect(chainOf({ type: 'client', id: 'maternity-epr' })).toBe('client:maternity-epr');
    expect(chainOf({ type: 'client', id: 'neonatal-epr' })).toBe('client:neonatal-epr');
    expect(chainOf({ type: 'user', id: 'midwife-1' })).toBe('staff');
    expect(chainOf({ type: 'user', id: 'auditor-2' })).toBe('staff');
    expect(chainOf({ type: 'system', id: 'assessment' })).toBe('system');
    expect(chainOf({ type: 'upstream', id: 'https://epr.example/fhir' })).toBe('upstream');
  });
});
