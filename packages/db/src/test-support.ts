/**
 * Test helpers (not exported by the package): fresh SQLite files and fresh PostgreSQL databases, and a
 * lock on an SQLite file held by another process.
 * PostgreSQL comes from TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres); a database
 * named hubcache_test_<random> is created per call and dropped afterwards. Under CI an unreachable
 * PostgreSQL is an error; elsewhere the PostgreSQL half of the suite is skipped with a loud warning.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDb, type Db, type DbHandle } from "./client.ts";
import type { DbProvider } from "./url.ts";

export const TEST_PG_URL = process.env.TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  /** SQLite: the temp directory holding the file; PostgreSQL: undefined. */
  dir?: string;
  drop(): Promise<void>;
}

async function pgReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let providersPromise: Promise<DbProvider[]> | undefined;

/** The providers to run against: always sqlite, plus postgresql when reachable (required under CI). */
export function testProviders(): Promise<DbProvider[]> {
  providersPromise ??= (async () => {
    const problem = await pgReachable();
    if (problem === null) return ["sqlite", "postgresql"];
    const message = `PostgreSQL at ${TEST_PG_URL} is unreachable (${problem})`;
    if (process.env.CI) throw new Error(`${message}: CI requires it (set TEST_PG_URL).`);
    console.warn(
      `\n${"!".repeat(100)}\n!!! ${message}\n!!! SKIPPING every PostgreSQL test. Under CI this is a failure.\n${"!".repeat(100)}\n`,
    );
    return ["sqlite"];
  })();
  return providersPromise;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A brand-new empty database for `provider`. */
export async function createTestDatabase(provider: DbProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-db-test-"));
    return {
      url: `file:${path.join(dir, "nested", "hubcache.db")}`,
      dir,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `hubcache_test_${process.pid}_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(TEST_PG_URL, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Opens a fresh, migrated database of `provider`; `dispose` closes and drops it. */
export async function openTestDb(
  provider: DbProvider,
): Promise<DbHandle & { url: string; dispose(): Promise<void> }> {
  const database = await createTestDatabase(provider);
  const handle = await openDb(database.url);
  return {
    ...handle,
    url: database.url,
    async dispose() {
      await handle.close();
      await database.drop();
    },
  };
}

let counter = 0;

/** A team with one remote, uniquely named. */
export async function seedRemote(db: Db, label = "t"): Promise<{ teamId: string; remoteId: string }> {
  const n = `${label}-${process.pid}-${++counter}-${randomBytes(3).toString("hex")}`;
  const team = await db.team.create({ data: { name: n, slug: n } });
  const remote = await db.remote.create({ data: { teamId: team.id, name: "hf" } });
  return { teamId: team.id, remoteId: remote.id };
}

export interface SqliteLock {
  /** `BEGIN <mode>`: IMMEDIATE takes the write lock; EXCLUSIVE also keeps other processes' readers out (outside WAL). */
  mode: "IMMEDIATE" | "EXCLUSIVE";
  /** Run once the transaction has begun (a write, so the lock is really taken). */
  statement: string;
  holdMs: number;
  end: "COMMIT" | "ROLLBACK";
}

/**
 * Another process (bun:sqlite, as a backup tool or an `sqlite3` shell would) locks the SQLite `file`,
 * holds the lock for `holdMs`, then ends its transaction. Resolves once the lock is held, with a promise
 * of the process's exit code (wrapped: an async function returning it would wait for the exit).
 */
export async function lockSqliteInAnotherProcess(
  file: string,
  lock: SqliteLock,
): Promise<{ exited: Promise<number | null> }> {
  const script = `
    import { Database } from "bun:sqlite";
    const db = new Database(${JSON.stringify(file)});
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("BEGIN ${lock.mode}");
    db.exec(${JSON.stringify(lock.statement)});
    console.log("locked");
    await Bun.sleep(${lock.holdMs});
    db.exec("${lock.end}");
    db.close();
  `;
  const bun = fileURLToPath(new URL("../../../node_modules/.bin/bun", import.meta.url));
  const child = spawn(bun, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const locked = await new Promise<boolean>((resolve) => {
    child.stdout.once("data", (data: Buffer) => resolve(data.toString().includes("locked")));
    child.once("exit", () => resolve(false));
  });
  if (!locked) throw new Error("the other process did not take the lock");
  return { exited };
}
