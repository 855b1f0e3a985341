import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type {
  Client as LibsqlClient,
  Config as LibsqlConfig,
  InStatement,
  ResultSet,
  Transaction,
  TransactionMode,
} from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqlitePrismaClient } from "../generated/sqlite/client.ts";
import { PrismaClient as PostgresPrismaClient } from "../generated/postgres/client.ts";
import { migrate } from "./migrate.ts";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_QUERY_TIMEOUT_MS,
  postgresPoolTimeouts,
} from "./postgres-timeouts.ts";
import { prepareSqliteFile } from "./private-files.ts";
import { waitForLocksAsynchronously } from "./sqlite-lock-wait.ts";
import { databaseUrlOrDefault, detectProvider, sqliteFilePath, type DbProvider } from "./url.ts";

/**
 * The Prisma client type shared by both providers. Both generated clients come from the same models, so
 * their APIs are the same; the SQLite one is the reference type (see openDb for the PostgreSQL cast).
 */
export type Db = SqlitePrismaClient;

export interface OpenDbOptions {
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** Base for a relative `file:` URL (default: INIT_CWD or cwd). */
  baseDir?: string;
  /**
   * SQLite: how long a write waits for another process's lock (default 10 s), without blocking the
   * event loop (see sqlite-lock-wait.ts). Handles of the same file in one process share one client,
   * created with the first handle's value.
   */
  busyTimeoutMs?: number;
  /** PostgreSQL: how long opening a connection, or waiting for a free one, may take (default 5 s). */
  connectTimeoutMs?: number;
  /** PostgreSQL: how long a query may run, or wait for a server that does not answer (default 10 s). */
  queryTimeoutMs?: number;
}

export interface DbHandle {
  db: Db;
  provider: DbProvider;
  close(): Promise<void>;
}

/**
 * Opens the database named by `url` (default `DATABASE_URL`, else `file:./data/hubcache.db`): SQLite via
 * @prisma/adapter-libsql for `file:` URLs, PostgreSQL via @prisma/adapter-pg for `postgresql://` URLs.
 */
export async function openDb(url?: string, options: OpenDbOptions = {}): Promise<DbHandle> {
  const raw = databaseUrlOrDefault(url);
  const provider = detectProvider(raw);
  if (provider === "sqlite") {
    prepareSqliteFile(sqliteFilePath(raw, options.baseDir)); // 0700 folder, 0600 files
  }
  if (options.migrate !== false) await migrate(raw, { baseDir: options.baseDir });
  if (provider === "sqlite") {
    // Key by the real path so that symlinked spellings of one file share the client too.
    const file = sqliteFilePath(raw, options.baseDir);
    const real = path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    return openSharedSqlite(pathToFileURL(real).href, options.busyTimeoutMs ?? 10_000);
  }
  const adapter = new PrismaPg({
    connectionString: raw,
    application_name: "hubcache",
    ...postgresPoolTimeouts({
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    }),
  });
  // The one cast between the two generated clients: same models, same queries, but TypeScript cannot
  // relate them because of provider-specific details (e.g. `$transaction`'s isolation levels: SQLite
  // only has Serializable). Code written against Db uses only what both providers support.
  const db = new PostgresPrismaClient({ adapter }) as unknown as Db;
  await db.$connect();
  return { db, provider, close: once(() => db.$disconnect()) };
}

interface SharedSqlite {
  db: Db;
  refs: number;
}

/**
 * One Prisma client per SQLite file per process. Two clients of the same file in one process would
 * compete for its write lock: a write of one would wait out a transaction of the other (up to the busy
 * timeout, then fail) where one client simply runs them in turn. Handles share the client; the last
 * close() disconnects it. Other processes (the web app, `npm run migrate`) are handled by SQLite's
 * locking and waiting for their locks (sqlite-lock-wait.ts).
 */
const sharedSqlite = new Map<string, Promise<SharedSqlite>>();

async function openSharedSqlite(url: string, busyTimeoutMs: number): Promise<DbHandle> {
  for (;;) {
    let entry = sharedSqlite.get(url);
    if (!entry) {
      entry = (async () => {
        const db = new SqlitePrismaClient({ adapter: new HubcacheLibSQL({ url }, busyTimeoutMs) });
        await db.$connect();
        return { db, refs: 0 };
      })();
      const created = entry;
      sharedSqlite.set(url, created);
      created.catch(() => {
        if (sharedSqlite.get(url) === created) sharedSqlite.delete(url);
      });
    }
    const shared = await entry;
    if (sharedSqlite.get(url) !== entry) continue; // closed by its last user meanwhile: open anew
    shared.refs++;
    return {
      db: shared.db,
      provider: "sqlite",
      close: once(async () => {
        if (--shared.refs > 0) return;
        sharedSqlite.delete(url);
        await shared.db.$disconnect();
      }),
    };
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/**
 * PrismaLibSQL on one connection per client, whose statements wait for other processes' locks
 * asynchronously, for up to `busyTimeoutMs` (SQLite shared by several processes).
 */
class HubcacheLibSQL extends PrismaLibSQL {
  readonly #busyTimeoutMs: number;

  constructor(config: LibsqlConfig, busyTimeoutMs: number) {
    super(config);
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override createClient(config: LibsqlConfig): LibsqlClient {
    return new SingleConnectionClient(() => super.createClient(config));
  }

  override async connect(): ReturnType<PrismaLibSQL["connect"]> {
    return waitForLocksAsynchronously(await super.connect(), this.#busyTimeoutMs);
  }
}

/**
 * One libsql connection at a time, which never waits for a lock itself (busy_timeout 0): libsql calls
 * are synchronous, so a wait there would block the event loop. Locks are waited for by the adapter
 * around it (waitForLocksAsynchronously).
 *
 * @libsql/client's own `transaction()` hands its connection to the transaction and lazily opens a new
 * one for the next call, and nothing ever closes the old one: a server that writes in transactions on a
 * timer leaks a descriptor per transaction. Transactions here run on the client's one connection
 * instead. That is safe because Prisma's adapter holds its lock from BEGIN to COMMIT or ROLLBACK, so no
 * other statement runs on this client meanwhile.
 *
 * A statement that fails while it runs (SQLITE_BUSY on another process's lock) is not reset by libsql
 * until it is garbage-collected, and SQLite refuses every COMMIT on its connection until then ("SQL
 * statements in progress"). So after a failure the connection is replaced by a fresh one.
 */
class SingleConnectionClient implements LibsqlClient {
  #inner: LibsqlClient;
  #prepared: Promise<void> | null = null;
  #transaction: SameConnectionTransaction | null = null;

  constructor(private readonly connect: () => LibsqlClient) {
    this.#inner = connect();
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  get protocol(): string {
    return this.#inner.protocol;
  }

  #prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      await this.#inner.execute("PRAGMA busy_timeout = 0");
      // In WAL mode NORMAL still never corrupts the database; a power cut may lose the last commits,
      // which for a cache index is harmless, and each commit no longer waits for an fsync (~4 ms here).
      await this.#inner.execute("PRAGMA synchronous = NORMAL");
      // LIKE (Prisma's startsWith, contains, endsWith) compares case-sensitively, as on PostgreSQL:
      // a pin of the folder "onnx" must not keep "Onnx/…" (SQLite's LIKE ignores ASCII case by default).
      await this.#inner.execute("PRAGMA case_sensitive_like = ON");
    })().catch((error: unknown) => {
      this.#prepared = null;
      throw error;
    });
    return this.#prepared;
  }

  /** Runs `call` on the connection; a failure outside a transaction replaces the connection. */
  async #run<T>(call: (connection: LibsqlClient) => Promise<T>): Promise<T> {
    await this.#prepare();
    try {
      return await call(this.#inner);
    } catch (error) {
      if (!this.#transaction) this.#reconnect();
      throw error;
    }
  }

  #reconnect(): void {
    if (this.#inner.closed) return;
    const old = this.#inner;
    this.#inner = this.connect();
    this.#prepared = null;
    old.close();
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.#run((connection) => connection.execute(stmt));
  }

  batch(stmts: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> {
    return this.#run((connection) => connection.batch(stmts, mode));
  }

  async transaction(): Promise<Transaction> {
    // Always IMMEDIATE, whatever the adapter asks (it asks DEFERRED): a deferred transaction that reads
    // and then writes while another process writes cannot wait for the lock — SQLite refuses the upgrade
    // of its stale snapshot (SQLITE_BUSY) — whereas IMMEDIATE takes the write lock up front: refused
    // while another process holds it, it is tried again like any write (sqlite-lock-wait.ts).
    await this.#run((connection) => connection.execute("BEGIN IMMEDIATE"));
    const transaction = new SameConnectionTransaction(this.#inner, (failed) => {
      if (this.#transaction === transaction) this.#transaction = null;
      if (failed) this.#reconnect();
    });
    this.#transaction = transaction;
    return transaction;
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#run((connection) => connection.executeMultiple(sql));
  }

  sync(): Promise<void> {
    return this.#inner.sync();
  }

  close(): void {
    this.#inner.close();
  }
}

/**
 * A transaction on the client's own connection; it always ends with the connection out of it, and tells
 * `onEnd` whether one of its statements failed (then the connection is replaced).
 */
class SameConnectionTransaction implements Transaction {
  #open = true;
  #failed = false;

  constructor(
    private readonly connection: LibsqlClient,
    private readonly onEnd: (failed: boolean) => void,
  ) {}

  get closed(): boolean {
    return !this.#open;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    this.#checkOpen();
    try {
      return await this.connection.execute(stmt);
    } catch (error) {
      this.#failed = true;
      throw error;
    }
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    const results: ResultSet[] = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }

  executeMultiple(): Promise<void> {
    // The inner client's executeMultiple rolls back any open transaction when it ends; nothing here
    // needs a script inside a transaction, so refuse rather than end this one behind its back.
    return Promise.reject(new Error("executeMultiple is not supported inside a transaction"));
  }

  async commit(): Promise<void> {
    this.#checkOpen();
    try {
      await this.connection.execute("COMMIT");
    } catch (error) {
      // A failed COMMIT (e.g. SQLITE_BUSY) leaves SQLite inside the transaction; the connection is
      // shared, so end it here rather than trust every caller to roll back.
      this.#failed = true;
      await this.rollback();
      throw error;
    }
    this.#open = false;
    this.onEnd(this.#failed);
  }

  async rollback(): Promise<void> {
    if (!this.#open) return;
    // Closed before the ROLLBACK runs: nothing else is sent inside this transaction meanwhile.
    this.#open = false;
    await this.connection.execute("ROLLBACK").catch(() => {
      this.#failed = true;
    });
    this.onEnd(this.#failed);
  }

  close(): void {
    void this.rollback();
  }

  #checkOpen(): void {
    if (!this.#open) throw new Error("The transaction is closed");
  }
}
