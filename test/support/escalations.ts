import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { waitUntil } from './private-redis';
import type { TestBeacon } from './test-app';
import { admitPatient } from './test-app';

/** Its first ladder step gives two seconds to acknowledge: an alert here is late almost at once. */
export const FAST_WARD = 'maternity-a';
/** A copy of maternity-a whose ladder gives an hour: an alert acknowledged during a test is on time. */
export const SLOW_WARD = 'maternity-b';

/** MEWS (placeholder bands): heart rate 120 and respiratory rate 24 score 1 each, a total of 2: escalate. */
export const DETERIORATING = {
  heartRate: 120,
  respiratoryRate: 24,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};

/**
 * The shipped ward file with two maternity wards of different ladders: FAST_WARD escalates after two seconds (and
 * then waits an hour, so the test's alerts climb once), SLOW_WARD after an hour.
 */
export function twoLadderWards(): string {
  const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'wards.json'), 'utf8')) as {
    wards: { id: string; name: string; locations: string[]; escalation?: unknown }[];
  };
  const ladder = (firstMinutes: number) => ({
    ladder: [
      { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: firstMinutes },
      { role: 'registrar', label: 'Registrar on call', acknowledgeWithinMinutes: 60 },
      { role: 'consultant', label: 'Consultant on call', acknowledgeWithinMinutes: 60 },
    ],
    overdueGraceMinutes: 60,
  });
  const fast = config.wards.find((ward) => ward.id === FAST_WARD);
  if (!fast) throw new Error(`config/wards.json has no ${FAST_WARD}`);
  fast.escalation = ladder(2 / 60);
  config.wards.push({
    ...fast,
    id: SLOW_WARD,
    name: 'Maternity Ward B',
    locations: [`Location/${SLOW_WARD}`, SLOW_WARD],
    escalation: ladder(60),
  });
  const file = join(mkdtempSync(join(tmpdir(), 'beacon-wards-')), 'wards.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Admits a patient whose first set raises a deterioration alert; the alert's id once it exists. */
export async function raiseDeterioration(
  beacon: TestBeacon,
  eprToken: string,
  admission: { sourceId: string; ward: string; bed: string },
): Promise<string> {
  const patientId = await admitPatient(beacon, eprToken, { ...admission, vitals: DETERIORATING });
  let alertId: string | undefined;
  await waitUntil(
    async () => {
      const [row] = await beacon.database.query<{ id: string }>(
        `SELECT id FROM alert WHERE patient_id = $1 AND kind = 'deterioration'`,
        [patientId],
      );
      alertId = row?.id;
      return alertId !== undefined;
    },
    `a deterioration alert for ${admission.sourceId}`,
    20000,
  );
  return alertId as string;
}

/** Waits until the alert's first acknowledgement deadline passed and its timer escalated it. */
export function waitForEscalation(beacon: TestBeacon, alertId: string): Promise<void> {
  return waitUntil(
    async () =>
      (
        await beacon.database.query(
          `SELECT 1 FROM audit_event WHERE alert_id = $1 AND type = 'alert.escalated'`,
          [alertId],
        )
      ).length > 0,
    `alert ${alertId} escalated`,
    20000,
  );
}

/** A staff command through the REST API (acknowledge, respond); fails the test unless Beacon answers 200. */
export async function staffCommand(
  beacon: TestBeacon,
  token: string,
  path: string,
  body: object = {},
): Promise<void> {
  const response = await request(beacon.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
  if (response.status !== 200) throw new Error(`POST ${path}: ${response.status} ${response.text}`);
}
