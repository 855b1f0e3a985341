import { openDb, type DbHandle } from "@hubcache/db";
import { webEnv } from "./env.ts";

let handle: Promise<DbHandle> | null = null;

/** One database connection per server process (the content server applies migrations too). */
export function database(): Promise<DbHandle> {
  handle ??= openDb(webEnv.databaseUrl);
  return handle;
}
