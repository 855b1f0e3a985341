import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Hex } from "./harness.ts";
import { spawnContentServer, type ContentProcess } from "./process.ts";

/** SIGTERM, as a deploy or a scale-down sends it: finish what is in flight, leave nothing half-done. */
let hub: FakeHub;
let dir: string;
beforeAll(async () => {
  hub = await startFakeHub();
  seedDemoRepos(hub);
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  hub.resetFaults();
  dir = await mkdtemp(join(tmpdir(), "hubcache-shutdown-"));
});

const MODEL = "model.safetensors"; // 2 MiB
const start = (graceSeconds: number) =>
  spawnContentServer({
    DATABASE_URL: `file:${join(dir, "hubcache.db")}`,
    STORAGE_DIR: join(dir, "blobs"),
    HUB_URL: hub.url,
    SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
  });
const fileUrl = (server: ContentProcess, path = MODEL) =>
  `${server.url}/huggingface/demo/tiny-model/resolve/main/${path}`;

/** Starts a GET and resolves once bytes are flowing; `body` settles with the outcome. */
async function startDownload(server: ContentProcess) {
  const response = await fetch(fileUrl(server));
  expect(response.status).toBe(200);
  const body = response.arrayBuffer().then(
    (bytes) => ({ ok: true as const, bytes: new Uint8Array(bytes) }),
    () => ({ ok: false as const, bytes: new Uint8Array() }),
  );
  await Bun.sleep(200); // bytes are flowing
  return { body };
}

async function leftovers(): Promise<string[]> {
  return readdir(join(dir, "blobs", "tmp")).catch(() => []);
}

describe("SIGTERM", () => {
  test("refuses new connections, lets a transfer in flight finish, leaves no temp file, exits 0", async () => {
    const server = await start(30);
    try {
      hub.faults.bytesPerSecond = 2 * 1024 * 1024; // the 2 MiB file takes about a second
      const transfer = await startDownload(server);
      server.signal("SIGTERM");
      await Bun.sleep(200);
      const refused = await fetch(fileUrl(server, "config.json")).then(
        () => "served",
        () => "refused",
      );
      expect(refused).toBe("refused");
      const outcome = await transfer.body;
      expect(outcome.ok).toBe(true);
      const expected = await hub.readFile("model", "demo/tiny-model", "main", MODEL);
      expect(await sha256Hex(outcome.bytes)).toBe(await sha256Hex(expected));
      expect(await server.exited).toBe(0);
      expect(await leftovers()).toEqual([]);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test("cuts a transfer that outlasts the grace period, removes its temp file, exits 0", async () => {
    const server = await start(1);
    try {
      hub.faults.bytesPerSecond = 256 * 1024; // about 8 s for the file, far past the grace period
      const transfer = await startDownload(server);
      const signalled = performance.now();
      server.signal("SIGTERM");
      const outcome = await transfer.body;
      expect(outcome.ok).toBe(false);
      expect(await server.exited).toBe(0);
      expect(performance.now() - signalled).toBeLessThan(5_000);
      expect(await leftovers()).toEqual([]);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
