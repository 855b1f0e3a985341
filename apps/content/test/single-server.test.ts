import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openDb } from "@hubcache/db";
import { createTestDatabase, testProviders } from "@hubcache/db/test-support";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "./harness.ts";
import { spawnContentServer, type ContentProcess } from "./process.ts";

/**
 * Several content servers may share one PostgreSQL database, never one SQLite database: the second is
 * refused at start with a message that says why, and a crashed server's lock never outlives it.
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

const postgres = (await testProviders()).includes("postgresql");
describe("several content servers on one PostgreSQL database", () => {
  test.skipIf(!postgres)(
    "both start, serve, and each has its heartbeat row",
    async () => {
      const database = await createTestDatabase("postgresql");
      const servers: ContentProcess[] = [];
      try {
        for (const name of ["a", "b"]) {
          servers.push(
            await spawnContentServer({
              DATABASE_URL: database.url,
              // A store folder of its own each: the file store's start-up clears its temp folder.
              STORAGE_DIR: join(dir, `pg-blobs-${name}`),
              HUB_URL: hub.url,
              HUBCACHE_INSTANCE_ID: `replica-${name}`,
              REPLICA_URL: `http://replica-${name}.internal:8080`,
            }),
          );
        }
        for (const server of servers) expect((await configFile(server)).status).toBe(200);
        const handle = await openDb(database.url, { migrate: false });
        try {
          await eventually(async () => {
            const rows = await handle.db.contentServer.findMany({ orderBy: { id: "asc" } });
            expect(rows.map((row) => [row.id, row.url])).toEqual([
              ["replica-a", "http://replica-a.internal:8080"],
              ["replica-b", "http://replica-b.internal:8080"],
            ]);
          });
        } finally {
          await handle.close();
        }
      } finally {
        for (const server of servers) await server.stop();
        await database.drop();
      }
    },
    60_000,
  );
});
