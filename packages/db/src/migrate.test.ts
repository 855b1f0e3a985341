import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  bundledMigrations,
  migrate,
  migrationChecksum,
  MIGRATIONS_TABLE,
  readMigrationsDir,
  type Migration,
} from "./migrate.ts";
import { createTestDatabase, testProviders, type TestDatabase } from "./test-support.ts";
import { resolveDatabaseUrl, type DbProvider } from "./url.ts";

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const providers = await testProviders();

const SEED_CACHED_FILE = `
INSERT INTO "Team" ("id", "name", "slug", "updatedAt") VALUES ('t', 't', 't', CURRENT_TIMESTAMP);
INSERT INTO "Remote" ("id", "teamId", "name", "updatedAt") VALUES ('r', 't', 'r', CURRENT_TIMESTAMP);
INSERT INTO "Blob" ("digest", "size", "storageKey") VALUES ('d', 1, 'k');
INSERT INTO "CachedFile" ("id", "remoteId", "repoType", "repoId", "commit", "path", "blobDigest", "etag", "size", "lfs")
  VALUES ('f', 'r', 'model', 'a/b', 'c', 'p', 'd', 'e', 1, false);`;

const SQLITE_REDEFINE_BLOB =
  '-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE "new_Blob" (\n    "digest" TEXT NOT NULL PRIMARY KEY,\n    "size" BIGINT NOT NULL,\n    "storageKey" TEXT NOT NULL,\n    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    "lastAccessedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    "hits" INTEGER NOT NULL DEFAULT 0,\n    "pinned" BOOLEAN NOT NULL DEFAULT false\n);\nINSERT INTO "new_Blob" ("createdAt", "digest", "hits", "lastAccessedAt", "size", "storageKey") SELECT "createdAt", "digest", "hits", "lastAccessedAt", "size", "storageKey" FROM "Blob";\nDROP TABLE "Blob";\nALTER TABLE "new_Blob" RENAME TO "Blob";\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n\n';

/** Runs SQL on the raw driver and returns rows. */
async function rawQuery(provider: DbProvider, url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (provider === "sqlite") {
    const client = createClient({ url: resolveDatabaseUrl(url) });
    try {
      return (await client.execute(sql)).rows.map((r) => ({ ...r }));
    } finally {
      client.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs a multi-statement SQL script on the raw driver. */
async function rawExec(provider: DbProvider, url: string, sql: string): Promise<void> {
  if (provider === "sqlite") {
    const client = createClient({ url: resolveDatabaseUrl(url) });
    try {
      await client.executeMultiple(sql);
    } finally {
      client.close();
    }
    return;
  }
  await rawQuery(provider, url, sql);
}

async function tableNames(provider: DbProvider, url: string): Promise<string[]> {
  const sql =
    provider === "sqlite"
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'";
  return (await rawQuery(provider, url, sql)).map((r) => String(r.name)).sort();
}

function runMigrateScript(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const bun = path.resolve(pkgDir, "../../node_modules/.bin/bun");
    const child = spawn(bun, ["scripts/migrate.ts"], {
      cwd: pkgDir,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("bundled migrations", () => {
  it.each([
    ["sqlite", "sqlite"],
    ["postgresql", "postgres"],
  ] as const)("%s: generated/migrations.ts matches prisma/%s/migrations", (provider, folder) => {
    const onDisk = readMigrationsDir(path.join(pkgDir, "prisma", folder, "migrations"));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(bundledMigrations(provider)).toEqual(onDisk);
  });
});

describe.each(providers)("migrate on %s", (provider) => {
  const dbs: TestDatabase[] = [];
  const fresh = async (): Promise<TestDatabase> => {
    const db = await createTestDatabase(provider);
    dbs.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((d) => d.drop()));
  });

  it("applies every migration to an empty database, then does nothing", async () => {
    const { url } = await fresh();
    const first = await migrate(url);
    expect(first.provider).toBe(provider);
    expect(first.applied).toEqual(bundledMigrations(provider).map((m) => m.name));
    expect(first.unknown).toEqual([]);

    const tables = await tableNames(provider, url);
    for (const t of [
      "Team",
      "User",
      "Membership",
      "Remote",
      "Distribution",
      "ContentToken",
      "RevisionCache",
    ]) {
      expect(tables).toContain(t);
    }
    for (const t of ["CachedFile", "Blob", "ApiCache", "AuditEvent", MIGRATIONS_TABLE]) {
      expect(tables).toContain(t);
    }
    expect(tables).not.toContain("_prisma_migrations");

    const recorded = await rawQuery(
      provider,
      url,
      `SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`,
    );
    expect(recorded).toEqual(
      bundledMigrations(provider).map((m) => ({ name: m.name, checksum: migrationChecksum(m.sql) })),
    );

    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    expect(await rawQuery(provider, url, `SELECT name FROM "${MIGRATIONS_TABLE}"`)).toHaveLength(
      recorded.length,
    );
  });

  if (provider === "sqlite") {
    it("creates the SQLite file's directory", async () => {
      const db = await fresh();
      const dir = path.join(db.dir ?? "", "nested");
      expect(fs.existsSync(dir)).toBe(false);
      await migrate(db.url);
      expect(fs.existsSync(path.join(dir, "hubcache.db"))).toBe(true);
      const [mode] = await rawQuery(provider, db.url, "PRAGMA journal_mode");
      expect(mode?.journal_mode).toBe("wal");
    });
  } else {
    it("is safe when several callers in one process migrate at once (advisory lock)", async () => {
      const { url } = await fresh();
      const results = await Promise.all(Array.from({ length: 5 }, () => migrate(url)));
      const applied = results.flatMap((r) => r.applied);
      expect(applied).toEqual(bundledMigrations(provider).map((m) => m.name));
      expect(await rawQuery(provider, url, `SELECT name FROM "${MIGRATIONS_TABLE}"`)).toHaveLength(
        applied.length,
      );
    });
  }

  it("is safe when several processes run `npm run migrate` (bun scripts/migrate.ts) at once", async () => {
    const { url } = await fresh();
    const runs = await Promise.all(Array.from({ length: 3 }, () => runMigrateScript(url)));
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const names = bundledMigrations(provider).map((m) => m.name);
    const reported = runs.flatMap((r) => names.filter((n) => r.out.includes(`applied ${n}`)));
    // Each migration applied by exactly one process (which one, and in which run, is up to the race).
    expect([...reported].sort()).toEqual([...names].sort());
    expect(await rawQuery(provider, url, `SELECT name FROM "${MIGRATIONS_TABLE}"`)).toHaveLength(
      names.length,
    );
  });

  it("keeps referencing rows when a migration rebuilds a referenced table", async () => {
    const { url } = await fresh();
    const [init] = bundledMigrations(provider);
    if (!init) throw new Error("no init migration");
    await migrate(url, { migrations: [init] });
    await rawExec(provider, url, SEED_CACHED_FILE);
    // What Prisma emits for SQLite when a column is added to Blob: copy the table, DROP the old one.
    // With foreign keys on, that DROP would cascade-delete every CachedFile.
    const change: Migration = {
      name: `${init.name}_z`,
      sql:
        provider === "sqlite"
          ? SQLITE_REDEFINE_BLOB
          : 'ALTER TABLE "Blob" ADD COLUMN "pinned" BOOLEAN NOT NULL DEFAULT false;',
    };
    expect((await migrate(url, { migrations: [init, change] })).applied).toEqual([change.name]);
    expect(await rawQuery(provider, url, 'SELECT "id", "blobDigest" FROM "CachedFile"')).toEqual([
      { id: "f", blobDigest: "d" },
    ]);
    expect(await rawQuery(provider, url, 'SELECT "digest", "pinned" FROM "Blob"')).toEqual([
      { digest: "d", pinned: provider === "sqlite" ? 0 : false },
    ]);
  });

  it("rejects a migration that leaves foreign key violations", async () => {
    const { url } = await fresh();
    const [init] = bundledMigrations(provider);
    if (!init) throw new Error("no init migration");
    const orphan: Migration = {
      name: `${init.name}_z`,
      sql: `INSERT INTO "Remote" ("id", "teamId", "name", "updatedAt") VALUES ('r', 'no-such-team', 'r', CURRENT_TIMESTAMP);`,
    };
    await expect(migrate(url, { migrations: [init, orphan] })).rejects.toThrow(/foreign key/i);
    expect(await rawQuery(provider, url, 'SELECT "id" FROM "Remote"')).toEqual([]);
  });

  it("rolls back a failing migration and records nothing for it", async () => {
    const { url } = await fresh();
    const ok: Migration = { name: "001_ok", sql: "CREATE TABLE keep_me (x INTEGER);" };
    const bad: Migration = {
      name: "002_bad",
      sql: "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    };
    await expect(migrate(url, { migrations: [ok, bad] })).rejects.toThrow(/002_bad/);
    const tables = await tableNames(provider, url);
    expect(tables).toContain("keep_me");
    expect(tables).not.toContain("half_done");
    expect(await rawQuery(provider, url, `SELECT name FROM "${MIGRATIONS_TABLE}"`)).toEqual([
      { name: "001_ok" },
    ]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const { url } = await fresh();
    await migrate(url, { migrations: [{ name: "001", sql: "CREATE TABLE t1 (x INTEGER);" }] });
    await expect(
      migrate(url, { migrations: [{ name: "001", sql: "CREATE TABLE t1 (x INTEGER, y INTEGER);" }] }),
    ).rejects.toThrow(/changed after it was applied/);
  });

  it("reports recorded migrations it does not know", async () => {
    const { url } = await fresh();
    await migrate(url, { migrations: [{ name: "001", sql: "CREATE TABLE t1 (x INTEGER);" }] });
    const r = await migrate(url, { migrations: [] });
    expect(r).toEqual({ provider, applied: [], unknown: ["001"] });
  });
});
