import { createHash, randomBytes } from 'node:crypto';
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

/** The canonical (key-sorted) JSON of an event, the text its link hashes. */
function canonicalText(fields: HashedFields): string {
  return (
    stringify({
      ...fields,
      occurredAt: fields.occurredAt.toISOString(),
      recordedAt: fields.recordedAt.toISOString(),
    }) ?? ''
  );
}

/** sha256 over the previous hash and a canonical (key-sorted) JSON of the event: the link of the chain. */
export function auditHash(fields: HashedFields): string {
  return createHash('sha256').update(fields.prevHash).update(canonicalText(fields)).digest('hex');
}

/**
 * An event's canonical text on either side of its previous hash, for a link computed where the previous hash is
 * known (PostgreSQL, under the chain's lock: migration 1796700000000): the link is sha256 of
 * `prevHash + before + prevHash + after`, which equals auditHash of the event with that previous hash.
 */
export interface LinkParts {
  readonly before: string;
  readonly after: string;
}

/** Stands for the previous hash while the text is split; random, so no event's details can hold it. */
const PREVIOUS_HASH_MARK = randomBytes(24).toString('hex');
const MARKED_MEMBER = `"prevHash":"${PREVIOUS_HASH_MARK}"`;

export function linkParts(fields: Omit<HashedFields, 'prevHash'>): LinkParts {
  const marked = canonicalText({ ...fields, prevHash: PREVIOUS_HASH_MARK });
  const [before, after, ...more] = marked.split(MARKED_MEMBER);
  if (before === undefined || after === undefined || more.length > 0)
    throw new Error('an audit event’s canonical text holds the previous-hash mark other than once');
  return { before: `${before}"prevHash":"`, after: `"${after}` };
}

/** The link linkParts stands for, computed as PostgreSQL computes it (for tests and checks in Node). */
export function linkHash(prevHash: string, parts: LinkParts): string {
  return createHash('sha256')
    .update(prevHash + parts.before + prevHash + parts.after)
    .digest('hex');
}
