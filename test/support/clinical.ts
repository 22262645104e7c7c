import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffRole } from '../../src/auth/principal';
import { signStaffToken } from '../../src/auth/staff-token';
import type { Vitals } from '../../src/simulator/fhir-bundles';

export type { Vitals } from '../../src/simulator/fhir-bundles';
export { admissionBundle, observationBundle, vitalsObservations } from '../../src/simulator/fhir-bundles';

export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef0123456789';

/** The shipped ward file with a short escalation ladder (seconds, not minutes) so tests can watch it climb. */
export function shortLadderWards(ackSeconds = 3, overdueGraceMinutes = 0): string {
  const wards = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'wards.json'), 'utf8')) as {
    wards: Record<string, unknown>[];
  };
  const minutes = ackSeconds / 60;
  for (const ward of wards.wards) {
    ward.escalation = {
      ladder: [
        { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: minutes },
        { role: 'registrar', label: 'Registrar on call', acknowledgeWithinMinutes: minutes },
        { role: 'consultant', label: 'Consultant on call', acknowledgeWithinMinutes: minutes },
      ],
      overdueGraceMinutes,
    };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'beacon-wards-')), 'wards.json');
  writeFileSync(file, JSON.stringify(wards));
  return file;
}

export function staffToken(role: StaffRole, wards: string[] = [], name = `Test ${role}`): Promise<string> {
  return signStaffToken(
    new TextEncoder().encode(TEST_TOKEN_SECRET),
    { userId: `test-${role}-${randomUUID().slice(0, 6)}`, name, role, wards },
    3600,
  );
}

/** An adult's vital signs that score 0 on every chart in use. */
export const NORMAL_VITALS: Vitals = {
  heartRate: 84,
  respiratoryRate: 16,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A',
};

export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
