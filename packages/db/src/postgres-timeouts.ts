import type { PoolConfig } from "pg";

/** Defaults of OpenDbOptions' PostgreSQL timeouts. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** How much longer than the server's own statement timeout the client waits for an answer. */
const SILENT_SERVER_GRACE_MS = 1_000;

export interface PostgresTimeouts {
  /** How long opening a connection, or waiting for a free one in the pool, may take. */
  connectTimeoutMs: number;
  /** How long a query may run. */
  queryTimeoutMs: number;
}

/**
 * The pool settings that keep a PostgreSQL server that stops answering from holding requests forever
 * (node-postgres waits without limit by default):
 * - a connection that cannot be opened in `connectTimeoutMs`, or a pool with no free connection for
 *   that long, is an error;
 * - the server cancels a statement that runs past `queryTimeoutMs` (`statement_timeout`): the
 *   connection stays usable;
 * - a server that does not answer at all (a partition, a frozen host) is given up by the client a little
 *   later (`query_timeout`), and TCP keep-alives notice a peer that is gone for good.
 */
export function postgresPoolTimeouts({ connectTimeoutMs, queryTimeoutMs }: PostgresTimeouts): PoolConfig {
  return {
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: queryTimeoutMs,
    query_timeout: queryTimeoutMs + SILENT_SERVER_GRACE_MS,
    keepAlive: true,
  };
}
