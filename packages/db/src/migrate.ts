/**
 * Applies the committed SQL migrations (prisma/<provider>/migrations/*\/migration.sql, embedded into
 * generated/migrations.ts by `npm run generate`) through the plain drivers — no Prisma CLI, so it is fast,
 * never idles, and runs the same in Node and Bun. Each migration runs in its own transaction and is
 * recorded in `_hubcache_migrations` (name, checksum, applied_at). Concurrent callers are serialized by a
 * PostgreSQL advisory lock or SQLite's write lock (BEGIN IMMEDIATE + re-check), so it is idempotent.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createClient, type Client as LibsqlClient } from "@libsql/client";
import pg from "pg";
import { postgresMigrations, sqliteMigrations } from "../generated/migrations.ts";
import { prepareSqliteFile } from "./private-files.ts";
import {
  databaseUrlOrDefault,
  detectProvider,
  resolveDatabaseUrl,
  sqliteFilePath,
  type DbProvider,
} from "./url.ts";

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export interface MigrateOptions {
  /** Base for a relative `file:` URL (default: INIT_CWD or cwd). */
  baseDir?: string;
  /** Override the bundled migrations (tests, tooling). */
  migrations?: readonly Migration[];
  /** SQLite busy timeout while waiting for another process's write lock (default 30 s). */
  busyTimeoutMs?: number;
}

export interface MigrateResult {
  provider: DbProvider;
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Recorded migrations this code does not know (a newer version ran against this database). */
  unknown: string[];
}

export const MIGRATIONS_TABLE = "_hubcache_migrations";

/** 64-bit advisory lock key: the ASCII bytes of "hubcache". */
export const PG_MIGRATION_LOCK_KEY = "7527030531194841189";

export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

/** The migrations bundled with this package for a provider, in order. */
export function bundledMigrations(provider: DbProvider): readonly Migration[] {
  return provider === "sqlite" ? sqliteMigrations : postgresMigrations;
}

/** Reads `<dir>/<name>/migration.sql` in name order. */
export function readMigrationsDir(dir: string): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

export async function migrate(url?: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const raw = databaseUrlOrDefault(url);
  const provider = detectProvider(raw);
  const migrations = options.migrations ?? bundledMigrations(provider);
  assertOrdered(migrations);
  if (provider === "sqlite") {
    // libsql is synchronous: two migrators of one file in one process would block the event loop on
    // each other's lock, so calls are queued per file here (other processes wait on SQLite's lock).
    const file = sqliteFilePath(raw, options.baseDir);
    prepareSqliteFile(file);
    const key = path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    const previous = sqliteQueue.get(key) ?? Promise.resolve();
    const run = previous.then(() => migrateSqlite(raw, migrations, options));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    sqliteQueue.set(key, settled);
    void settled.then(() => {
      if (sqliteQueue.get(key) === settled) sqliteQueue.delete(key);
    });
    return run;
  }
  return migratePostgres(raw, migrations);
}

const sqliteQueue = new Map<string, Promise<void>>();

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1];
    const cur = migrations[i];
    if (prev && cur && prev.name >= cur.name) {
      throw new Error(`Migrations must be sorted and unique: ${prev.name} before ${cur.name}`);
    }
  }
}

interface Applied {
  name: string;
  checksum: string;
}

function plan(
  migrations: readonly Migration[],
  applied: Applied[],
): { pending: Migration[]; unknown: string[] } {
  const byName = new Map(applied.map((a) => [a.name, a.checksum]));
  for (const m of migrations) {
    const checksum = byName.get(m.name);
    if (checksum !== undefined && checksum !== migrationChecksum(m.sql)) {
      throw new Error(
        `Migration ${m.name} was changed after it was applied (checksum ${checksum} in ${MIGRATIONS_TABLE}). ` +
          "Never edit an applied migration: add a new one.",
      );
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  return {
    pending: migrations.filter((m) => !byName.has(m.name)),
    unknown: applied.map((a) => a.name).filter((n) => !known.has(n)),
  };
}

async function migrateSqlite(
  raw: string,
  migrations: readonly Migration[],
  options: MigrateOptions,
): Promise<MigrateResult> {
  prepareSqliteFile(sqliteFilePath(raw, options.baseDir));
  const busy = options.busyTimeoutMs ?? 30_000;
  const client = createClient({ url: resolveDatabaseUrl(raw, options.baseDir) });
  // @libsql/client hands its connection to a transaction and lazily opens a new one afterwards, so the
  // per-connection busy timeout has to be set again after every transaction.
  const prepare = async (): Promise<void> => {
    await client.execute(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busy))}`);
    await client.execute("PRAGMA foreign_keys = ON");
  };
  try {
    await prepare();
    // Only read when there is nothing to do, so that start-up never waits for another writer.
    // WAL lets readers and a writer work at the same time (the content server and the web app).
    const mode = (await client.execute("PRAGMA journal_mode")).rows[0]?.journal_mode;
    if (mode !== "wal") await client.execute("PRAGMA journal_mode = WAL");
    const table = await client.execute({
      sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
      args: [MIGRATIONS_TABLE],
    });
    if (table.rows.length === 0) {
      await client.execute(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`,
      );
    }
    const readApplied = async (q: Pick<LibsqlClient, "execute">): Promise<Applied[]> =>
      (await q.execute(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`)).rows.map(
        (r) => ({ name: String(r.name), checksum: String(r.checksum) }),
      );
    const { pending, unknown } = plan(migrations, await readApplied(client));
    const applied: string[] = [];
    for (const m of pending) {
      // SQLite's way to change a table is to copy it and DROP the old one (Prisma's "RedefineTables"),
      // and with foreign keys on, DROP TABLE runs the ON DELETE CASCADE actions of every referencing
      // row. `PRAGMA foreign_keys` is ignored inside a transaction (the OFF in Prisma's SQL does nothing
      // there), so switch it off on this connection first, and check the keys ourselves before COMMIT.
      await client.execute("PRAGMA foreign_keys = OFF");
      const tx = await client.transaction("write"); // BEGIN IMMEDIATE on that connection: waits for writers
      try {
        // Another process may have applied it while we waited for the write lock.
        const again = plan(migrations, await readApplied(tx));
        if (again.pending.some((p) => p.name === m.name)) {
          await tx.executeMultiple(m.sql);
          const violations = await tx.execute("PRAGMA foreign_key_check");
          if (violations.rows.length > 0) {
            const first = violations.rows[0];
            throw new Error(
              `${violations.rows.length} foreign key violation(s), e.g. table ${String(first?.table)} → ${String(first?.parent)}`,
            );
          }
          await tx.execute({
            sql: `INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "applied_at") VALUES (?, ?, ?)`,
            args: [m.name, migrationChecksum(m.sql), new Date().toISOString()],
          });
          await tx.commit();
          applied.push(m.name);
        } else {
          await tx.rollback();
        }
      } catch (e) {
        throw new Error(`SQLite migration ${m.name} failed: ${errorMessage(e)}`, { cause: e });
      } finally {
        tx.close();
        await prepare();
      }
    }
    return { provider: "sqlite", applied, unknown };
  } finally {
    client.close();
  }
}

async function migratePostgres(raw: string, migrations: readonly Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: raw, application_name: "hubcache-migrate" });
  await client.connect();
  try {
    // Session-level lock: a second process waits here until the first one has finished.
    await client.query("SELECT pg_advisory_lock($1::bigint)", [PG_MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const rows = await client.query<{ name: string; checksum: string }>(
        `SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`,
      );
      const { pending, unknown } = plan(migrations, rows.rows);
      const applied: string[] = [];
      for (const m of pending) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql); // no parameters: simple protocol, several statements allowed
          await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [
            m.name,
            migrationChecksum(m.sql),
          ]);
          await client.query("COMMIT");
          applied.push(m.name);
        } catch (e) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new Error(`PostgreSQL migration ${m.name} failed: ${errorMessage(e)}`, { cause: e });
        }
      }
      return { provider: "postgresql", applied, unknown };
    } finally {
      await client
        .query("SELECT pg_advisory_unlock($1::bigint)", [PG_MIGRATION_LOCK_KEY])
        .catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
