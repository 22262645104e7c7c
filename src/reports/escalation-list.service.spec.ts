import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { EscalationRecord } from './escalation-row';
import { EscalationListService } from './escalation-list.service';
import type { EscalationListRepository } from './persistence/escalation-list.repository';

const config = shippedConfig({});

const record = (id: string, overrides: Partial<EscalationRecord> = {}): EscalationRecord => ({
  id,
  kind: 'deterioration',
  state: 'resolved',
  level: 'urgent-review',
  ward_id: 'maternity-a',
  patient_id: 'patient-1',
  initials: 'JD',
  bed: 'Bed 3',
  title: 'MEWS 7',
  clinical_risk: 'high',
  chart_id: 'mews',
  chart_version: 'placeholder-2026.1',
  acknowledgement: 'late',
  acknowledged_by: 'Amara Okafor',
  response: 'attending',
  response_reason: null,
  closed_reason: 'improved',
  escalations: 1,
  taken_at: new Date('2026-03-01T09:58:00Z'),
  received_at: new Date('2026-03-01T09:58:30Z'),
  scored_at: new Date('2026-03-01T09:58:31.25Z'),
  raised_at: new Date('2026-03-01T09:58:32Z'),
  first_delivered_at: new Date('2026-03-01T09:58:33Z'),
  acknowledged_at: new Date('2026-03-01T10:20:00Z'),
  acknowledge_due_at: new Date('2026-03-01T10:13:32Z'),
  responded_at: new Date('2026-03-01T10:21:00Z'),
  closed_at: new Date('2026-03-01T12:00:00Z'),
  ...overrides,
});

function setUp() {
  const repository = {
    escalations: jest.fn().mockResolvedValue({ records: [record('alert-1')], total: 120 }),
    kindsAndLevels: jest.fn().mockResolvedValue([
      { kind: 'overdue', level: 'overdue' },
      { kind: 'deterioration', level: 'urgent-review' },
      { kind: 'concern', level: 'urgent-review' },
      { kind: 'deterioration', level: 'emergency' },
    ]),
  };
  const service = new EscalationListService(repository as unknown as EscalationListRepository, config);
  return { repository, service };
}

describe('EscalationListService: the auditor’s list of escalations', () => {
  it('reads page 3 of 50 from the 101st row, and answers the total over every page', async () => {
    const { service, repository } = setUp();
    const page = await service.page({ ward: 'maternity-a' }, 3, 50);
    expect(repository.escalations).toHaveBeenCalledWith({ ward: 'maternity-a' }, 50, 100);
    expect(page).toMatchObject({ total: 120, page: 3, pageSize: 50, filters: { ward: 'maternity-a' } });
  });

  it('reads the first page from the first row', async () => {
    const { service, repository } = setUp();
    await service.page({}, 1, 20);
    expect(repository.escalations).toHaveBeenCalledWith({}, 20, 0);
  });

  it('offers every configured ward, and each kind and level that occurred once, in order', async () => {
    const { service } = setUp();
    const { options } = await service.page({}, 1, 50);
    expect(options.wards).toEqual([
      { id: 'maternity-a', name: 'Maternity Ward A (antenatal and postnatal)' },
      { id: 'transitional-care', name: 'Transitional Care (postnatal newborns)' },
      { id: 'general-surgical', name: 'General Surgical Ward' },
    ]);
    expect(options.kinds).toEqual(['concern', 'deterioration', 'overdue']);
    expect(options.levels).toEqual(['emergency', 'overdue', 'urgent-review']);
    expect(options.responses).toEqual(['attending', 'escalating', 'not-required']);
  });

  it('gives each row the seconds between its steps (one decimal), null for a step that did not happen', async () => {
    const { service, repository } = setUp();
    repository.escalations.mockResolvedValue({
      records: [record('alert-2', { first_delivered_at: null, closed_at: null, state: 'raised' })],
      total: 1,
    });
    const { rows } = await service.page({}, 1, 50);
    expect(rows[0]?.durations).toEqual({
      takenToReceived: 30,
      receivedToScored: 1.3,
      scoredToRaised: 0.8,
      raisedToDelivered: null,
      raisedToAcknowledged: 1288,
      acknowledgedToResponded: 60,
      raisedToClosed: null,
    });
    expect(rows[0]?.patient).toEqual({ id: 'patient-1', initials: 'JD', bed: 'Bed 3' });
  });

  it('exports the first rows up to the limit with the full count, so an over-large export can be refused', async () => {
    const { service, repository } = setUp();
    const all = await service.all({ late: true }, 10_000);
    expect(repository.escalations).toHaveBeenCalledWith({ late: true }, 10_000, 0);
    expect(all.total).toBe(120);
    expect(all.rows.map((row) => row.id)).toEqual(['alert-1']);
    expect(repository.kindsAndLevels).not.toHaveBeenCalled();
  });
});
