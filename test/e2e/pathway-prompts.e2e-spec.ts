import request from 'supertest';
import type { AlertView } from '../../src/contracts/alert.view';
import type { PassportView } from '../../src/contracts/passport.view';
import { PromptsService } from '../../src/prompts/prompts.service';
import {
  carbonMonoxideObservation,
  gestationObservation,
  inpatientEncounter,
  labourCondition,
  medicationGiven,
  patientResource,
  transactionBundle,
} from '../../src/simulator/fhir-bundles';
import { withNhsCheckDigit } from '../../src/simulator/ward-scenario';
import { minutesAgo, staffToken } from '../support/clinical';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const MATERNITY = 'maternity-a';
const NEWBORN = 'transitional-care';
/** 29+2: 29 weeks × 7 + 2 days. */
const DAYS_29_2 = 29 * 7 + 2;

/** Waits (polling the real service) until `check` returns a value; fails with `what` otherwise. */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pathway prompts: preterm optimisation and smoke-free pregnancy (real PostgreSQL, Redis, worker)', () => {
  let beacon: TestBeacon;
  let epr: string;
  let midwife: string;
  let otherWardMidwife: string;
  let coordinator: string;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    epr = await client.token(beacon.url);
    midwife = await staffToken('midwife', [MATERNITY, NEWBORN], 'Midwife Ada');
    otherWardMidwife = await staffToken('midwife', ['general-surgical'], 'Midwife Bea');
    coordinator = await staffToken('coordinator');
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const get = (token: string, path: string) =>
    request(beacon.url).get(path).set('Authorization', `Bearer ${token}`);
  const post = (token: string, path: string, body: object) =>
    request(beacon.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const send = async (resources: Record<string, unknown>[]) => {
    const response = await postBundle(beacon, epr, transactionBundle(resources as never));
    expect({ status: response.status, body: response.status === 200 ? null : response.body }).toEqual({
      status: 200,
      body: null,
    });
  };

  /** Every alert of a patient (open or closed), straight from the database, as codes and states. */
  async function promptsOf(patientId: string): Promise<Map<string, string>> {
    const rows = await beacon.database.query<{ prompt_code: string; state: string }>(
      `SELECT prompt_code, state FROM alert WHERE patient_id = $1 AND kind = 'prompt' ORDER BY raised_at`,
      [patientId],
    );
    return new Map(rows.map((row) => [row.prompt_code, row.state]));
  }

  async function openPromptsOnWard(ward: string): Promise<AlertView[]> {
    const response = await get(coordinator, `/api/wards/${ward}/alerts`);
    expect(response.status).toBe(200);
    return (response.body as AlertView[]).filter((alert) => alert.kind === 'prompt');
  }

  describe('a woman in established preterm labour at 29+2, then her baby', () => {
    const nhsMother = withNhsCheckDigit('943476501') as string;
    const nhsBaby = withNhsCheckDigit('943476502') as string;
    let motherId: string;
    let babyId: string;

    it('raises the due prompts for steroids, magnesium sulphate and antibiotics, not as emergencies', async () => {
      await send([
        patientResource({
          id: 'pw-mother',
          nhsNumber: nhsMother,
          given: ['Priya'],
          family: 'Preterm',
          gender: 'female',
          born: { date: '1994-05-01' },
        }),
        inpatientEncounter({ id: 'pw-mother-stay', patientId: 'pw-mother', wardId: MATERNITY, bed: 'Bed 9' }),
        gestationObservation('pw-mother', DAYS_29_2, minutesAgo(120)),
        labourCondition({
          patientId: 'pw-mother',
          code: 'preterm-labour-established',
          onset: minutesAgo(90),
        }),
      ]);
      motherId = (await patientIdOf(beacon, 'pw-mother')) as string;
      const expected = [
        'preterm/antenatal-corticosteroids',
        'preterm/intrapartum-antibiotics',
        'preterm/magnesium-sulphate',
      ];
      const prompts = await eventually(async () => {
        const open = (await openPromptsOnWard(MATERNITY)).filter((alert) => alert.patient?.id === motherId);
        return expected.every((code) => open.some((alert) => alert.prompt?.code === code)) ? open : undefined;
      }, 'the three before-birth prompts');
      const preterm = prompts.filter((alert) => alert.prompt?.pathway === 'preterm');
      expect(preterm.map((alert) => alert.prompt?.code).sort()).toEqual(expected);
      for (const prompt of preterm) {
        // A prompt is not an escalation: no ladder, no timer, ranked after every escalation.
        expect(prompt.escalation.nextAt).toBeNull();
        expect(prompt.prompt?.ruleSet).toBe('MatNeoSIP-2023');
        expect(prompt.prompt?.staffMayRecord).toBe(false);
      }
      const magnesium = preterm.find((alert) => alert.prompt?.code === 'preterm/magnesium-sulphate');
      expect(magnesium?.prompt?.text).toContain('30+0');
      const escalationJobs = await beacon.database.query(
        `SELECT 1 FROM outbox WHERE topic = 'escalate-alert' AND payload->>'alertId' = ANY($1)`,
        [preterm.map((alert) => alert.id)],
      );
      expect(escalationJobs).toHaveLength(0);
    });

    it('closes the magnesium sulphate prompt, audited, when the EPR records the loading dose', async () => {
      await send([
        medicationGiven({
          patientId: 'pw-mother',
          code: 'magnesium-sulphate-loading',
          display: 'Magnesium sulfate 4 g IV loading dose',
          at: minutesAgo(60),
        }),
      ]);
      await eventually(
        async () =>
          (await promptsOf(motherId)).get('preterm/magnesium-sulphate') === 'resolved' ? true : undefined,
        'the magnesium sulphate prompt recorded',
      );
      const states = await promptsOf(motherId);
      expect(states.get('preterm/antenatal-corticosteroids')).toBe('raised');
      expect(states.get('preterm/intrapartum-antibiotics')).toBe('raised');
      const [audit] = await beacon.database.query<{ details: { reason: string } }>(
        `SELECT e.details FROM audit_event e JOIN alert a ON a.id = e.alert_id
         WHERE a.patient_id = $1 AND a.prompt_code = 'preterm/magnesium-sulphate' AND e.type = 'prompt.recorded'`,
        [motherId],
      );
      expect(audit?.details.reason).toContain('Magnesium sulfate 4 g IV loading dose');
    });

    it('refuses to mark a preterm prompt done from a handheld (the EPR records it) and needs a reason for "not done"', async () => {
      const [steroids] = (await openPromptsOnWard(MATERNITY)).filter(
        (alert) => alert.prompt?.code === 'preterm/antenatal-corticosteroids',
      );
      expect(steroids).toBeDefined();
      const done = await post(midwife, `/api/alerts/${steroids?.id}/prompt-outcome`, { outcome: 'done' });
      expect(done.status).toBe(409);
      expect(done.body.resourceType).toBe('OperationOutcome');
      const noReason = await post(midwife, `/api/alerts/${steroids?.id}/prompt-outcome`, {
        outcome: 'not-done',
      });
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(noReason.body)).toContain('reason');
      expect((await promptsOf(motherId)).get('preterm/antenatal-corticosteroids')).toBe('raised');
    });

    it('raises the baby’s prompts once the baby exists, and records the mother’s missed ones as missed', async () => {
      await send([
        patientResource({
          id: 'pw-baby',
          nhsNumber: nhsBaby,
          given: ['Baby'],
          family: 'Preterm',
          gender: 'male',
          born: { at: new Date(Date.now() - 10 * 60_000) },
          motherId: 'pw-mother',
        }),
        inpatientEncounter({ id: 'pw-baby-stay', patientId: 'pw-baby', wardId: NEWBORN, bed: 'Cot 2' }),
      ]);
      babyId = (await patientIdOf(beacon, 'pw-baby')) as string;
      const babyCodes = ['preterm/caffeine', 'preterm/maternal-breast-milk', 'preterm/normothermia'];
      const baby = await eventually(async () => {
        const open = (await openPromptsOnWard(NEWBORN)).filter((alert) => alert.patient?.id === babyId);
        return babyCodes.every((code) => open.some((alert) => alert.prompt?.code === code))
          ? open
          : undefined;
      }, 'the baby’s prompts');
      const normothermia = baby.find((alert) => alert.prompt?.code === 'preterm/normothermia');
      // Due within 1 hour of birth: a real deadline, about 50 minutes from now.
      const dueIn = Date.parse(normothermia?.prompt?.dueAt ?? '') - Date.now();
      expect(dueIn).toBeGreaterThan(40 * 60_000);
      expect(dueIn).toBeLessThanOrEqual(60 * 60_000);
      const mother = await eventually(async () => {
        const states = await promptsOf(motherId);
        return states.get('preterm/antenatal-corticosteroids') === 'missed' ? states : undefined;
      }, 'the mother’s steroid prompt recorded as missed');
      expect(mother.get('preterm/intrapartum-antibiotics')).toBe('missed');
      expect(mother.get('preterm/magnesium-sulphate')).toBe('resolved');
      const [missed] = await beacon.database.query<{ closed_reason: string }>(
        `SELECT closed_reason FROM alert WHERE patient_id = $1 AND prompt_code = 'preterm/antenatal-corticosteroids'`,
        [motherId],
      );
      expect(missed?.closed_reason).toContain('born');
    });

    it('shows the passport: given, not given and due, with times, in plain language', async () => {
      const response = await get(midwife, `/api/patients/${babyId}/passport`);
      expect(response.status).toBe(200);
      const passport = response.body as PassportView;
      expect(passport.baby.gestationAtBirth).toBe('29+2');
      expect(passport.interventions.map((item) => item.intervention)).toEqual([
        'place-of-birth',
        'antenatal-corticosteroids',
        'magnesium-sulphate',
        'intrapartum-antibiotics',
        'optimal-cord-management',
        'normothermia',
        'maternal-breast-milk',
        'caffeine',
        'volume-targeted-ventilation',
      ]);
      const byId = new Map(passport.interventions.map((item) => [item.intervention, item]));
      expect(byId.get('magnesium-sulphate')).toMatchObject({
        status: 'done',
        received: true,
        meetsStandard: true,
      });
      expect(byId.get('magnesium-sulphate')?.recorded).toHaveLength(1);
      expect(byId.get('antenatal-corticosteroids')).toMatchObject({ status: 'not-given', received: false });
      expect(byId.get('caffeine')?.status).toBe('due');
      expect(byId.get('caffeine')?.prompt?.dueAt).not.toBeNull();
      expect(byId.get('volume-targeted-ventilation')?.status).toBe('not-needed');
      expect(byId.get('magnesium-sulphate')?.why.length).toBeGreaterThan(20);

      expect((await get(otherWardMidwife, `/api/patients/${babyId}/passport`)).status).toBe(403);
      expect((await request(beacon.url).get(`/api/patients/${babyId}/passport`)).status).toBe(401);
      const page = await request(beacon.url).get(`/passport/${babyId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<div id="app"');
    });
  });

  describe('smoke-free pregnancy: a CO reading of 6 ppm at booking', () => {
    const nhsNumber = withNhsCheckDigit('943476504') as string;
    let womanId: string;

    it('raises the opt-out referral prompt; acting on it records the referral', async () => {
      await send([
        patientResource({
          id: 'sf-woman',
          nhsNumber,
          given: ['Sian'],
          family: 'Smokefree',
          gender: 'female',
          born: { date: '1996-02-11' },
        }),
        inpatientEncounter({ id: 'sf-stay', patientId: 'sf-woman', wardId: MATERNITY, bed: 'Bed 10' }),
        gestationObservation('sf-woman', 10 * 7, minutesAgo(5)),
        carbonMonoxideObservation('sf-woman', 6, minutesAgo(4)),
      ]);
      womanId = (await patientIdOf(beacon, 'sf-woman')) as string;
      const referral = await eventually(
        async () =>
          (await openPromptsOnWard(MATERNITY)).find(
            (alert) => alert.patient?.id === womanId && alert.prompt?.code === 'smoking/opt-out-referral',
          ),
        'the opt-out referral prompt',
      );
      expect(referral.prompt).toMatchObject({
        pathway: 'smoking',
        ruleSet: 'NICE-NG209',
        staffMayRecord: true,
      });
      expect(referral.prompt?.text).toContain('opt-out');

      expect(
        (await post(otherWardMidwife, `/api/alerts/${referral.id}/prompt-outcome`, { outcome: 'done' }))
          .status,
      ).toBe(403);
      const acted = await post(midwife, `/api/alerts/${referral.id}/prompt-outcome`, {
        outcome: 'done',
        note: 'referral explained; she did not opt out',
        commandId: 'referral-cmd-0001',
      });
      expect(acted.status).toBe(200);
      expect((acted.body as AlertView).state).toBe('resolved');
      // The same command again (a handheld retrying) records nothing more.
      const again = await post(midwife, `/api/alerts/${referral.id}/prompt-outcome`, {
        outcome: 'done',
        commandId: 'referral-cmd-0001',
      });
      expect(again.status).toBe(200);

      const referrals = await beacon.database.query<{ raw: fhir4.ServiceRequest }>(
        `SELECT raw FROM fhir_resource WHERE patient_id = $1 AND resource_type = 'ServiceRequest'`,
        [womanId],
      );
      expect(referrals).toHaveLength(1);
      expect(referrals[0]?.raw.code?.coding?.[0]?.code).toBe('stop-smoking-referral');
      expect(referrals[0]?.raw.requester?.display).toBe('Midwife Ada');
      const audit = await beacon.database.query<{ type: string }>(
        `SELECT type FROM audit_event WHERE alert_id = $1 AND type IN ('referral.recorded', 'prompt.recorded') ORDER BY id`,
        [referral.id],
      );
      expect(audit.map((row) => row.type)).toEqual(['referral.recorded', 'prompt.recorded']);
    });

    it('does not raise the referral again when her record is evaluated again', async () => {
      const prompts = beacon.app.get(PromptsService);
      await prompts.evaluate(womanId);
      await prompts.evaluate(womanId);
      const rows = await beacon.database.query<{ state: string }>(
        `SELECT state FROM alert WHERE patient_id = $1 AND prompt_code = 'smoking/opt-out-referral'`,
        [womanId],
      );
      expect(rows.map((row) => row.state)).toEqual(['resolved']);
    });
  });
});
