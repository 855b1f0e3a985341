/**
 * The data folder holds the database (password hashes, sessions, sealed HF tokens) and the key that opens
 * those tokens: only the owner may read it. Folders this code creates are 0700 and files 0600, whatever
 * the umask. A folder that already exists keeps its mode (it may be a shared one the user chose, such as
 * the repository); files of ours found readable by others are made 0600.
 */
import fs from "node:fs";
import path from "node:path";

/** Creates `dir` (and missing parents) as 0700; an existing folder is left as it is. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Makes an existing file of ours 0600 when group or others may read or write it; no-op when missing. */
export function tightenFileMode(file: string): void {
  let mode: number;
  try {
    mode = fs.statSync(file).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if ((mode & 0o077) !== 0) fs.chmodSync(file, mode & 0o700);
}

/**
 * Before SQLite opens `file`: its folder exists (created 0700), the file exists as 0600 (SQLite gives the
 * -wal, -shm and -journal files it creates the database file's mode), and those files, when an older
 * version left them readable by others, are made 0600.
 */
export function prepareSqliteFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) tightenFileMode(`${file}${suffix}`);
}
