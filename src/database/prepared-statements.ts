import { Client } from 'pg';

export interface PreparedStatementLimits {
  /** Distinct statements a process names (0: none). Past it, new texts run unnamed, as before. */
  readonly maxStatements: number;
  /** Longer texts (a multi-row insert of thousands of rows) are not worth keeping on every connection. */
  readonly maxTextLength: number;
}

type QueryMethod = (this: Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * The pool's client class (pg-pool's `Client` option): a parameterised statement is sent as a named one, so each
 * connection parses and plans it once and then only binds and executes it. PostgreSQL's `plan_cache_mode = auto`
 * still compares the cached generic plan's estimated cost with fresh plans and keeps planning afresh where the
 * generic plan would cost more, so a statement whose best plan depends on its values is not pinned to a bad one.
 *
 * Only statements with values are named: a text without values goes by the simple protocol as before (it may hold
 * several statements, as a migration does). Measured on the hot path's statements replayed against PostgreSQL 15,
 * this halved the server's CPU and the round-trip time (docs/performance.md, "Statements prepared once").
 */
export function preparingClient(limits: PreparedStatementLimits): typeof Client {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= limits.maxStatements || text.length > limits.maxTextLength)
      return known;
    const name = `beacon_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
  // The base class's own query, called with each client as `this`.
  const query = (client: Client, ...args: unknown[]): unknown =>
    (Client.prototype.query as QueryMethod).apply(client, args as Parameters<QueryMethod>);

  class PreparingClient extends Client {}
  PreparingClient.prototype.query = function (
    this: Client,
    config: unknown,
    values?: unknown,
    callback?: unknown,
  ) {
    const name =
      typeof config === 'string' && Array.isArray(values) && values.length > 0 ? nameOf(config) : undefined;
    return name === undefined
      ? query(this, config, values, callback)
      : query(this, { name, text: config, values }, callback);
  } as Client['query'];
  return PreparingClient;
}
