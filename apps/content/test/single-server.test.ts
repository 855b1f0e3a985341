import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnContentServer, type ContentProcess } from "./process.ts";

/**
 * One content server per SQLite database: the second is refused at start with a message that says why,
 * and a crashed server's lock never outlives it. (Several on PostgreSQL and S3: cluster.test.ts.)
 */
let hub: FakeHub;
let dir: string;
beforeAll(async () => {
  hub = await startFakeHub();
  seedDemoRepos(hub);
  dir = await mkdtemp(join(tmpdir(), "hubcache-single-"));
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

const configFile = (server: ContentProcess) =>
  fetch(`${server.url}/huggingface/demo/tiny-model/resolve/main/config.json`);

/** Starts a content server expected to be refused; resolves to its exit code and output. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const started = await spawnContentServer(env);
    await started.stop();
    throw new Error(`a second content server started on the same SQLite database:\n${started.output()}`);
  } catch (error) {
    const output = (error as Error).message;
    const code = /content server exited \((\d+)\)/.exec(output)?.[1];
    if (code === undefined) throw error;
    return { code: Number(code), output };
  }
}

describe("one content server per SQLite database", () => {
  test("a second is refused with a clear message; after kill -9 of the first, a new one starts", async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, "sqlite", "hubcache.db")}`,
      STORAGE_DIR: join(dir, "sqlite", "blobs"),
      HUB_URL: hub.url,
    };
    const first = await spawnContentServer(env);
    let third: ContentProcess | null = null;
    try {
      expect((await configFile(first)).status).toBe(200);
      // The same file by another spelling (relative to where it is run) is the same database.
      const refused = await refusedStart({
        ...env,
        DATABASE_URL: `file:./sqlite/hubcache.db`,
        INIT_CWD: dir,
      });
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain(`Another content server (pid ${first.pid} on`);
      expect(refused.output).toMatch(/SQLite allows one content server at a time.*PostgreSQL/);
      // The refused one touched nothing: the first serves on.
      expect(first.alive()).toBe(true);
      expect((await configFile(first)).status).toBe(200);

      first.signal("SIGKILL");
      await first.exited;
      // No stale lock to clear by hand: the next one starts at once and serves what was cached.
      third = await spawnContentServer(env);
      expect((await configFile(third)).status).toBe(200);
    } finally {
      await first.stop();
      await third?.stop();
    }
  }, 60_000);

  test("a server stopped cleanly lets the next one start", async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, "clean", "hubcache.db")}`,
      STORAGE_DIR: join(dir, "clean", "blobs"),
      HUB_URL: hub.url,
    };
    const first = await spawnContentServer(env);
    first.signal("SIGTERM");
    expect(await first.exited).toBe(0);
    const second = await spawnContentServer(env);
    try {
      expect((await configFile(second)).status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
