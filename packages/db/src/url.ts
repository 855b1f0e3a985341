import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export type DbProvider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/hubcache.db";

/** The URL given, else the default SQLite file. (The apps read DATABASE_URL in their env modules.) */
export function databaseUrlOrDefault(url?: string): string {
  return url ?? DEFAULT_DATABASE_URL;
}

export function detectProvider(url: string): DbProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new Error(
    `Unsupported DATABASE_URL scheme in ${JSON.stringify(redactUrl(url))}: use file:… (SQLite) or postgresql://…`,
  );
}

/**
 * Directory that relative `file:` URLs are resolved against when the caller names none. The apps pass
 * npm's INIT_CWD (where `npm run` was typed) from their validated environment.
 */
export function defaultBaseDir(): string {
  return process.cwd();
}

/**
 * Absolute path of the SQLite file of a `file:` URL (`file:./rel.db`, `file:rel.db`, `file:/abs.db`,
 * `file:///abs.db`; a query string is ignored). In-memory databases are rejected: every connection
 * would see a different, empty database.
 */
export function sqliteFilePath(url: string, baseDir: string = defaultBaseDir()): string {
  if (!url.startsWith("file:")) throw new Error("not a file: URL");
  const withoutQuery = url.split("?")[0] ?? url;
  let p: string;
  if (withoutQuery.startsWith("file://")) {
    p = fileURLToPath(withoutQuery);
  } else {
    p = decodeURIComponent(withoutQuery.slice("file:".length));
  }
  if (p === "" || p === ":memory:" || url.includes("mode=memory")) {
    throw new Error("In-memory SQLite is not supported: every connection would open a different database");
  }
  return path.resolve(baseDir, p);
}

/** Normalizes a URL for the drivers: a SQLite URL becomes an absolute, percent-encoded `file:///` URL. */
export function resolveDatabaseUrl(url: string, baseDir?: string): string {
  if (detectProvider(url) === "postgresql") return url;
  return pathToFileURL(sqliteFilePath(url, baseDir)).href;
}

/** Directory holding the data next to the database: the SQLite file's folder, or `<base>/data`. */
export function dataDirFor(url: string, baseDir: string = defaultBaseDir()): string {
  if (detectProvider(url) === "sqlite") return path.dirname(sqliteFilePath(url, baseDir));
  return path.resolve(baseDir, "data");
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}
