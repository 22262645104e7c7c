import { HttpError } from '../http/http-error';
import { commandPreamble } from './command-preamble';

const onWardA = (ward: string | null) => ward === 'ward-a';
const steps = (row: { wardId: string | null } | null, seen?: () => Promise<string | undefined>) => ({
  load: () => Promise.resolve(row),
  notFound: 'alert x does not exist',
  mayAct: onWardA,
  forbidden: (ward: string) => `you may not act on alerts of ward ${ward}`,
  ...(seen ? { seen } : {}),
});

describe('commandPreamble: 404, 403, the caller’s check, then whether the command was already carried out', () => {
  it('refuses a missing subject with 404 and its message', async () => {
    const refused = commandPreamble(steps(null));
    await expect(refused).rejects.toBeInstanceOf(HttpError);
    await expect(refused).rejects.toMatchObject({
      status: 404,
      issues: [{ code: 'not-found', diagnostics: 'alert x does not exist' }],
    });
  });

  it('refuses another ward with 403 naming it, without asking whether the command was seen', async () => {
    const seen = jest.fn().mockResolvedValue('yes');
    await expect(commandPreamble(steps({ wardId: 'ward-b' }, seen))).rejects.toMatchObject({
      status: 403,
      issues: [{ code: 'forbidden', diagnostics: 'you may not act on alerts of ward ward-b' }],
    });
    await expect(commandPreamble(steps({ wardId: null }, seen))).rejects.toMatchObject({
      issues: [{ diagnostics: 'you may not act on alerts of ward (unassigned)' }],
    });
    expect(seen).not.toHaveBeenCalled();
  });

  it('runs the caller’s check before the retry lookup, and returns the row with what the lookup found', async () => {
    const order: string[] = [];
    const result = await commandPreamble({
      ...steps({ wardId: 'ward-a' }, () => {
        order.push('seen');
        return Promise.resolve('cmd-1');
      }),
      check: () => order.push('check'),
    });
    expect(order).toEqual(['check', 'seen']);
    expect(result).toEqual({ row: { wardId: 'ward-a' }, seen: 'cmd-1' });
  });
});
