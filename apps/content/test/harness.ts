import { openDb, type DbHandle } from "@hubcache/db";
import { seedDemoRepos, startFakeHub, type FakeHub, type FakeHubOptions } from "@hubcache/fake-hub";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type ContentConfig } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { startContentServer, type RunningContentServer } from "../src/server.ts";

export const REMOTE_TOKEN = "hf_remote_token_of_the_team";

export interface Stack {
  hub: FakeHub;
  server: RunningContentServer;
  /** The bootstrapped public distribution's base URL: what HF_ENDPOINT is set to. */
  endpoint: string;
  /** A second connection to the content server's database, to change configuration as the console would. */
  database: DbHandle;
  dir: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  hub?: FakeHubOptions;
  config?: Partial<ContentConfig>;
  seed?: (hub: FakeHub) => void;
}

/** A stand-in Hub, a fresh SQLite database and storage folder, and the content server on a real socket. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-content-"));
  const hub = await startFakeHub({
    tokens: { [REMOTE_TOKEN]: { user: "team-bot", canAccess: ["*"] } },
    ...options.hub,
  });
  (options.seed ?? seedDemoRepos)(hub);
  const databaseUrl = `file:${join(dir, "hubcache.db")}`;
  const config: ContentConfig = {
    ...loadConfig({ HUBCACHE_SECRET: "test" }),
    host: "127.0.0.1",
    port: 0,
    databaseUrl,
    storageDir: join(dir, "blobs"),
    hubUrl: hub.url,
    hubToken: REMOTE_TOKEN,
    configRefreshMs: 200,
    logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
    ...options.config,
  };
  process.env.HUBCACHE_SECRET = "test";
  const server = await startContentServer(config, createLogger(config.logLevel));
  const database = await openDb(databaseUrl, { migrate: false });
  return {
    hub,
    server,
    endpoint: `${server.url}/huggingface`,
    database,
    dir,
    async stop() {
      await server.stop();
      await database.close();
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` passes, polling; fails with the last error after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await Bun.sleep(25);
    }
  }
}

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}

/** Bytes as a plain Uint8Array, comparable with toEqual whatever buffer type they came in. */
export function bytesOf(data: ArrayBuffer | Uint8Array): Uint8Array {
  return new Uint8Array(data);
}
