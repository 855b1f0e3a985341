import { Database } from "bun:sqlite";
import { closeSync, mkdirSync, openSync, realpathSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { detectProvider, sqliteFilePath } from "@hubcache/db";

/** Held for the life of the content server; `release` (idempotent) lets the next one start. */
export interface DatabaseLock {
  path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/**
 * One content server per SQLite database: each keeps its blob leases, in-flight fills and temp files in
 * memory, and SQLite has no way to share them. Returns null for PostgreSQL, where replicas are fine.
 *
 * The lock is a lock of the operating system, not a pid in a file: `<database>.content-server.lock` is a
 * small SQLite file in which this process holds a write transaction open (SQLite's `fcntl` lock on it)
 * from start to stop. The kernel drops that lock the moment the process ends, however it ends (kill -9,
 * out of memory), so a lock is never stale, no pid is ever checked, and pid reuse or pid namespaces
 * (two containers that are both pid 1 on one volume) cannot fool it. The file stays behind after a stop:
 * what it holds (the last holder's pid, host and start, for the refusal message) means nothing without
 * the lock, and removing it would let a starting server lock a file that is being unlinked while a third
 * locks its replacement.
 */
export function lockSqliteDatabase(databaseUrl: string, baseDir: string): DatabaseLock | null {
  if (detectProvider(databaseUrl) !== "sqlite") return null;
  const file = sqliteFilePath(databaseUrl, baseDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // By its real folder: two spellings of one database (a symlink) meet at one lock.
  const database = join(realpathSync(dirname(file)), basename(file));
  const path = `${database}.content-server.lock`;
  closeSync(openSync(path, "a", 0o600));
  const lock = new Database(path);
  try {
    lock.exec("PRAGMA busy_timeout = 0");
    // A rollback journal (SQLite's default): a refused server may still read who holds the lock.
    lock.exec("PRAGMA journal_mode = DELETE");
    const refuse = () => new Error(refusal(database, path, readHolder(lock)));
    if (!begin(lock)) throw refuse();
    lock.exec(
      "CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)",
    );
    lock.exec("DELETE FROM holder");
    lock.run("INSERT INTO holder (pid, host, since) VALUES (?, ?, ?)", [
      process.pid,
      hostname(),
      new Date().toISOString(),
    ]);
    lock.exec("COMMIT");
    // Held from here on. Another server starting in the instant between the two transactions wins the
    // lock and this one is refused: never both.
    if (!begin(lock)) throw refuse();
  } catch (error) {
    lock.close();
    throw error;
  }
  let held = true;
  return {
    path,
    release() {
      if (!held) return;
      held = false;
      lock.close(); // rolls the open transaction back and drops the lock
    },
  };
}

/** Takes the file's write lock at once, or false when another process holds it. */
function begin(lock: Database): boolean {
  try {
    lock.exec("BEGIN IMMEDIATE");
    return true;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return false;
    throw error;
  }
}

function readHolder(lock: Database): Holder | null {
  try {
    return lock.query<Holder, []>("SELECT pid, host, since FROM holder").get();
  } catch {
    return null; // the holder has not written itself yet
  }
}

function refusal(database: string, path: string, holder: Holder | null): string {
  const who = holder ? ` (pid ${holder.pid} on ${holder.host}, started ${holder.since})` : "";
  return (
    `Another content server${who} is already using the SQLite database ${database}. ` +
    `SQLite allows one content server at a time: stop the other one, or run several on PostgreSQL ` +
    `(DATABASE_URL=postgresql://…). The lock on ${path} is held by the operating system for that ` +
    `process and ends when it exits, however it exits: there is nothing to clean up after a crash.`
  );
}
