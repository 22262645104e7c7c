import type { EntityManager } from 'typeorm';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { AlertBroadcast } from '../alerts/alert-broadcast';
import type { AlertRepository } from '../alerts/alert.repository';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertEntity } from '../alerts/persistence/alert.entity';
import type { PatientStore } from '../clinical-record/patient.store';
import { UnitOfWork } from '../database/unit-of-work';
import type { BeaconMetrics } from '../metrics/beacon-metrics';
import { PromptAlerts } from './prompt-alerts.service';

const manager = {} as EntityManager;

function setUp() {
  const repository = {
    update: jest.fn().mockResolvedValue(undefined),
    insert: jest.fn((_manager: EntityManager, values: Partial<AlertEntity>) =>
      Promise.resolve({ id: 'new-alert', ...values } as AlertEntity),
    ),
  };
  const alerts = new AlertsService(
    shippedConfig({}),
    repository as unknown as AlertRepository,
    { afterCommit: jest.fn() } as unknown as AlertBroadcast,
    {} as BeaconMetrics,
    {} as PatientStore,
  );
  return { repository, alerts, prompts: new PromptAlerts(alerts) };
}

describe('PromptAlerts: prompts written through the life cycle’s primitives', () => {
  it('raises a prompt with no escalation timer (nobody is called for a prompt)', async () => {
    const { prompts, repository } = setUp();
    const unit = new UnitOfWork();
    await prompts.raise(
      manager,
      {
        patientId: 'patient-1',
        wardId: 'maternity-a',
        code: 'smoking/co-test',
        title: 'Offer a CO test',
        dueAt: null,
        action: 'offer',
        detail: {},
      },
      unit,
    );
    expect(repository.insert.mock.calls[0]?.[1]).toMatchObject({
      kind: 'prompt',
      promptCode: 'smoking/co-test',
      nextEscalationAt: null,
      severity: 50,
    });
    expect(unit.messages).toEqual([]);
  });

  it('updates a prompt’s deadline and wording, audited with the old and new deadline, and broadcast', async () => {
    const { prompts, alerts, repository } = setUp();
    const unit = new UnitOfWork();
    const prompt = {
      id: 'prompt-1',
      patientId: 'patient-1',
      wardId: 'maternity-a',
      kind: 'prompt',
      promptCode: 'preterm/antenatal-corticosteroids',
      dueAt: new Date('2026-03-01T12:00:00Z'),
    } as AlertEntity;
    const dueAt = new Date('2026-03-02T12:00:00Z');
    await prompts.update(manager, prompt, { title: 'Second dose', dueAt, detail: { text: 'next' } }, unit);
    expect(repository.update).toHaveBeenCalledWith(manager, 'prompt-1', {
      title: 'Second dose',
      dueAt,
      detail: { text: 'next' },
      updatedAt: expect.any(Date),
    });
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'alert.updated',
        details: {
          prompt: 'preterm/antenatal-corticosteroids',
          from: '2026-03-01T12:00:00.000Z',
          dueAt: '2026-03-02T12:00:00.000Z',
          title: 'Second dose',
        },
      }),
    ]);
    expect(alerts.changedIn(unit)).toEqual(['prompt-1']);
  });
});
