import type { ClientBase, QueryResult } from 'pg';
import { escapeLiteral } from 'pg';
import type { QueryRunner } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/**
 * A statement a feature sends together with its transaction's COMMIT, in one round trip: its values are written
 * into the text as literals (several statements go in one simple-protocol message, which takes no parameters), and
 * `read` turns the rows it returned into what the feature wants back. The transaction's end (Transactions.run) sends
 * the outbox's insert, the audit chain's append and COMMIT this way, so the chain's lock, taken by the append, is
 * held only while PostgreSQL appends and commits, never across a round trip to Node.
 */
export interface CommitStatement<T> {
  readonly sql: string;
  read(rows: readonly Record<string, unknown>[]): T;
}

/** A text value as an SQL literal (quotes and backslashes escaped by `pg`), or NULL. */
export function textLiteral(value: string | null | undefined): string {
  return value === null || value === undefined ? 'NULL' : escapeLiteral(value);
}

/** A value as a jsonb literal. */
export function jsonbLiteral(value: unknown): string {
  return `${escapeLiteral(JSON.stringify(value))}::jsonb`;
}

/** A time as a timestamptz literal (to the millisecond, as JavaScript holds it), or NULL. */
export function timeLiteral(value: Date | null | undefined): string {
  return value ? `${escapeLiteral(value.toISOString())}::timestamptz` : 'NULL';
}

/**
 * Sends the statements given (skipping the absent) and COMMIT as one message on the runner's connection, inside the
 * transaction the runner started, and answers each statement's rows in order. A failure, of a statement or of the
 * COMMIT itself (a deferred constraint, a serialization failure), is a QueryFailedError as TypeORM's own queries
 * throw, so the retry and error mapping read it the same way; the caller rolls back.
 */
export async function commitWith(
  runner: QueryRunner,
  statements: readonly (string | undefined)[],
): Promise<Record<string, unknown>[][]> {
  const sql = [...statements.filter((statement) => statement !== undefined), 'COMMIT'].join(';\n');
  const connection = (await runner.connect()) as ClientBase;
  try {
    const results = (await connection.query(sql)) as QueryResult | QueryResult[];
    return (Array.isArray(results) ? results : [results]).map(
      (result) => result.rows as Record<string, unknown>[],
    );
  } catch (error) {
    throw new QueryFailedError(sql, [], error as Error);
  }
}
