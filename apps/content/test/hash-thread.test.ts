import { afterAll, beforeAll, expect, test } from "bun:test";
import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fillsRecorded, sha256Hex } from "./harness.ts";
import { spawnContentServer, type ContentProcess } from "./process.ts";

/**
 * Large fills are hashed on a thread of their own (worker-hasher.ts): one thread for all of them, in the
 * real server process, that keeps nothing per fill.
 */
const MiB = 1024 * 1024;
const FILES = 16;
let hub: FakeHub;
let server: ContentProcess;
let dir: string;

beforeAll(async () => {
  hub = await startFakeHub();
  const files: Record<string, { size: number; seed: number }> = {};
  for (let n = 0; n < FILES; n++) files[`shard-${n}.bin`] = { size: 9 * MiB, seed: 700 + n };
  hub.addRepo({ id: "big/shards", files });
  dir = await mkdtemp(join(tmpdir(), "hubcache-hash-thread-"));
  server = await spawnContentServer({
    DATABASE_URL: `file:${join(dir, "hubcache.db")}`,
    STORAGE_DIR: join(dir, "blobs"),
    HUB_URL: hub.url,
  });
});
afterAll(async () => {
  await server?.stop();
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

const threads = () => readdirSync(`/proc/${server.pid}/task`).length;

async function fill(n: number): Promise<void> {
  const name = `shard-${n}.bin`;
  const response = await fetch(`${server.url}/huggingface/big/shards/resolve/main/${name}`);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(await sha256Hex(bytes)).toBe(hub.fileInfo("model", "big/shards", "main", name).sha256);
}

/** A quarter of the files at once, then another quarter one at a time, from `first` on. */
async function fillRound(first: number): Promise<void> {
  const quarter = FILES / 4;
  await Promise.all(Array.from({ length: quarter }, (_, i) => fill(first + i)));
  for (let n = first + quarter; n < first + 2 * quarter; n++) await fill(n);
  await fillsRecorded(server.url);
}

test("large fills hashed on the hashing thread, several at once, leave no thread or descriptor behind", async () => {
  // The first round opens the keep-alive connections (clients, upstream) that the second one reuses.
  await fillRound(0);
  const after = { threads: threads(), descriptors: server.descriptors() };
  await fillRound(FILES / 2);
  expect(threads()).toBe(after.threads);
  expect(server.descriptors()).toBeLessThanOrEqual(after.descriptors + 2);
  expect(server.alive()).toBe(true);
}, 60_000);
