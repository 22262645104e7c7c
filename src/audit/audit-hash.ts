import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

export interface HashedFields {
  readonly prevHash: string;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly type: string;
  readonly actorType: string;
  readonly actorId: string;
  readonly patientId: string | null;
  readonly alertId: string | null;
  readonly resourceId: string | null;
  readonly wardId: string | null;
  readonly details: unknown;
}

/** sha256 over the previous hash and a canonical (key-sorted) JSON of the event: the link of the chain. */
export function auditHash(fields: HashedFields): string {
  const canonical = stringify({
    ...fields,
    occurredAt: fields.occurredAt.toISOString(),
    recordedAt: fields.recordedAt.toISOString(),
  });
  return createHash('sha256')
    .update(fields.prevHash)
    .update(canonical ?? '')
    .digest('hex');
}
