import type { PrismaLibSQL } from "@prisma/adapter-libsql";

type SqliteAdapter = Awaited<ReturnType<PrismaLibSQL["connect"]>>;

/** The longest pause between two tries (SQLite's own busy handler also polls at most every 100 ms). */
const MAX_PAUSE_MS = 100;

/**
 * Waits for another process's SQLite lock without blocking the event loop.
 *
 * libsql runs statements synchronously, so SQLite's own busy timeout would block the whole process for
 * as long as a write waits for a lock held elsewhere (a backup, an `sqlite3` shell, the web app): no
 * request is answered meanwhile. Connections therefore wait nothing at the SQLite level (busy_timeout 0:
 * SQLITE_BUSY at once), and this adapter tries a refused statement again after an asynchronous pause,
 * doubling from 1 ms to MAX_PAUSE_MS, until `busyTimeoutMs` has passed; then the last refusal is thrown.
 *
 * The wrapped adapter runs one statement at a time on its connection (a mutex); a try that is refused
 * releases it, so during the pauses other statements — reads, which WAL mode lets through — go ahead.
 *
 * Only what a refusal leaves untouched is tried again: a single statement outside a transaction (SQLite
 * undoes it whole) and the start of a transaction (BEGIN IMMEDIATE, refused before anything happened).
 * Statements inside a transaction hold the write lock already; a script may be half done: neither is.
 */
export function waitForLocksAsynchronously(inner: SqliteAdapter, busyTimeoutMs: number): SqliteAdapter {
  const untilFree = <T>(attempt: () => Promise<T>) => retryWhileLocked(attempt, busyTimeoutMs);
  const connectionInfo = inner.getConnectionInfo?.bind(inner);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => untilFree(() => inner.queryRaw(query)),
    executeRaw: (query) => untilFree(() => inner.executeRaw(query)),
    startTransaction: (isolationLevel) => untilFree(() => inner.startTransaction(isolationLevel)),
    executeScript: (script) => inner.executeScript(script),
    ...(connectionInfo ? { getConnectionInfo: connectionInfo } : {}),
    dispose: () => inner.dispose(),
  };
}

/** Runs `attempt` until it is not refused for a lock or `budgetMs` has passed. */
async function retryWhileLocked<T>(attempt: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = performance.now() + budgetMs;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS)) {
    try {
      return await attempt();
    } catch (error) {
      const left = deadline - performance.now();
      if (!isLockRefusal(error) || left <= 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, left)));
    }
  }
}

/** The libsql adapter reports SQLITE_BUSY (and its extended codes) as a "SocketTimeout". */
function isLockRefusal(error: unknown): boolean {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { kind?: unknown } };
  return name === "DriverAdapterError" && cause?.kind === "SocketTimeout";
}
