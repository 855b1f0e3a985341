import { openDb, SecretBox, type DbHandle } from "@hubcache/db";
import { webEnv } from "./env.ts";

let handle: Promise<DbHandle> | null = null;

/** One database connection per server process (the content server applies migrations too). */
export function database(): Promise<DbHandle> {
  handle ??= openDb(webEnv.databaseUrl, { baseDir: webEnv.baseDir });
  return handle;
}

let box: SecretBox | null = null;

/** Seals and opens HF tokens: HUBCACHE_SECRET, else the key file next to the data (one per process). */
export function secretBox(): SecretBox {
  box ??= SecretBox.load({
    env: { HUBCACHE_SECRET: webEnv.hubcacheSecret },
    databaseUrl: webEnv.databaseUrl,
    baseDir: webEnv.baseDir,
  });
  return box;
}
