/**
 * Test helper: fresh migrated databases, as in packages/db's test-support. SQLite: a temp file.
 * PostgreSQL: a new database on TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 * dropped afterwards; when the server is unreachable its tests are skipped with a warning, except under
 * CI where that is an error.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb, type DbHandle, type DbProvider } from "@hubcache/db";

export const TEST_PG_URL = process.env.TEST_PG_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

async function withAdmin<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const admin = await openDb(TEST_PG_URL, { migrate: false });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

let providers: Promise<DbProvider[]> | undefined;

/** sqlite, plus postgresql when reachable (required under CI). */
export function testProviders(): Promise<DbProvider[]> {
  providers ??= withAdmin((admin) => admin.db.$queryRawUnsafe("SELECT 1")).then(
    () => ["sqlite", "postgresql"] as DbProvider[],
    (e: unknown) => {
      const message = `PostgreSQL at ${TEST_PG_URL} is unreachable (${e instanceof Error ? e.message : String(e)})`;
      if (process.env.CI) throw new Error(`${message}: CI requires it (set TEST_PG_URL).`);
      console.warn(`\n!!! ${message}\n!!! SKIPPING the PostgreSQL auth tests. Under CI this is a failure.\n`);
      return ["sqlite"] as DbProvider[];
    },
  );
  return providers;
}

export interface TestDb extends DbHandle {
  url: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated database of `provider`; `dispose` closes and deletes it. */
export async function openTestDb(provider: DbProvider): Promise<TestDb> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-web-auth-"));
    const url = `file:${path.join(dir, "hubcache.db")}`;
    const handle = await openDb(url);
    return {
      ...handle,
      url,
      async dispose() {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `hubcache_web_test_${process.pid}_${randomBytes(5).toString("hex")}`;
  await withAdmin((admin) => admin.db.$executeRawUnsafe(`CREATE DATABASE "${name}"`));
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = await openDb(url);
  return {
    ...handle,
    url,
    async dispose() {
      await handle.close();
      await withAdmin((admin) =>
        admin.db.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}
