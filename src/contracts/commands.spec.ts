import { REST_COMMANDS, SOCKET_COMMANDS } from './commands';

const ALERT_ID = '6f1c2a52-3f0e-4a55-9a0e-4d2b7f1e9c11';

/** The paths of the issues a schema finds in an input ([] when it accepts it). */
function faults(
  schema: { safeParse(input: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  input: unknown,
) {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : (parsed.error?.issues ?? []).map((issue) => issue.path.map(String).join('.'));
}

describe('staff command schemas (one definition for the socket gateway and the REST API)', () => {
  it('applies the same command id rule over REST and the socket', () => {
    for (const commandId of ['short', 'has spaces in it', 'x'.repeat(65)]) {
      expect(faults(REST_COMMANDS.acknowledge, { commandId })).toEqual(['commandId']);
      expect(faults(SOCKET_COMMANDS.acknowledge, { alertId: ALERT_ID, commandId })).toEqual(['commandId']);
    }
    expect(faults(REST_COMMANDS.acknowledge, { commandId: 'cmd-0001' })).toEqual([]);
    expect(faults(SOCKET_COMMANDS.acknowledge, { alertId: ALERT_ID, commandId: 'cmd-0001' })).toEqual([]);
  });

  it('needs a reason from the list for "not required", over REST and the socket', () => {
    expect(faults(REST_COMMANDS.respond, { response: 'not-required' })).toEqual(['reason']);
    expect(faults(SOCKET_COMMANDS.respond, { alertId: ALERT_ID, response: 'not-required' })).toEqual([
      'reason',
    ]);
    expect(faults(REST_COMMANDS.respond, { response: 'not-required', reason: 'busy' })).toEqual(['reason']);
    expect(
      faults(SOCKET_COMMANDS.respond, {
        alertId: ALERT_ID,
        response: 'not-required',
        reason: 'patient-declined',
      }),
    ).toEqual([]);
    expect(faults(REST_COMMANDS.respond, { response: 'attending' })).toEqual([]);
  });

  it('takes a prompt outcome as done (no reason) or not done (a reason from the list), over REST and the socket', () => {
    expect(faults(REST_COMMANDS.promptOutcome, { outcome: 'done' })).toEqual([]);
    expect(faults(SOCKET_COMMANDS.promptOutcome, { alertId: ALERT_ID, outcome: 'not-done' })).toEqual([
      'reason',
    ]);
    expect(faults(REST_COMMANDS.promptOutcome, { outcome: 'not-done', reason: 'declined' })).toEqual([]);
    expect(
      faults(SOCKET_COMMANDS.promptOutcome, { alertId: ALERT_ID, outcome: 'done', reason: 'declined' }),
    ).toEqual(['']);
    expect(faults(REST_COMMANDS.promptOutcome, { outcome: 'maybe' })).toEqual(['outcome']);
  });

  it('refuses unknown fields, and the socket payload must name its alert', () => {
    expect(faults(REST_COMMANDS.acknowledge, { alertId: ALERT_ID })).toEqual(['']);
    expect(faults(SOCKET_COMMANDS.acknowledge, {})).toEqual(['alertId']);
    expect(faults(SOCKET_COMMANDS.acknowledge, { alertId: 'not-a-uuid' })).toEqual(['alertId']);
  });
});
