import { HttpError } from '../http/http-error';

/** Whether the person may act on (or see) a ward. */
export type WardCheck = (wardId: string | null) => boolean;

/**
 * The preamble of every staff command, written once: load the subject (locked as the caller asks), 404 when there
 * is none, 403 when the person may not act on its ward, the caller's own check, then whether this command id was
 * already carried out (a handheld retrying after a reconnect: a no-op answered with the current state).
 */
export async function commandPreamble<R extends { wardId: string | null }, S>(steps: {
  load: () => Promise<R | null | undefined>;
  notFound: string;
  mayAct: WardCheck;
  forbidden: (ward: string) => string;
  check?: (row: R) => void;
  seen?: () => Promise<S | undefined>;
}): Promise<{ row: R; seen: S | undefined }> {
  const row = await steps.load();
  if (!row) throw HttpError.of(404, steps.notFound);
  if (!steps.mayAct(row.wardId)) throw HttpError.of(403, steps.forbidden(row.wardId ?? '(unassigned)'));
  steps.check?.(row);
  return { row, seen: steps.seen ? await steps.seen() : undefined };
}
