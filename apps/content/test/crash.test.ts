import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { storageKeyOf } from "@hubcache/core";
import { openDb } from "@hubcache/db";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdir, mkdtemp, readdir, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, fillsRecorded, sha256Hex } from "./harness.ts";
import { spawnContentServer, type ContentProcess } from "./process.ts";

/** `kill -9` of a real content server in the middle of a fill, then a restart on the same database and store. */
let hub: FakeHub;
let dir: string;
beforeAll(async () => {
  hub = await startFakeHub();
  seedDemoRepos(hub);
  dir = await mkdtemp(join(tmpdir(), "hubcache-crash-"));
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

const REPO = "demo/tiny-model";
const MODEL = "model.safetensors"; // 2 MiB
const databaseUrl = () => `file:${join(dir, "hubcache.db")}`;
const blobs = () => join(dir, "blobs");
const start = () =>
  spawnContentServer({
    DATABASE_URL: databaseUrl(),
    STORAGE_DIR: blobs(),
    HUB_URL: hub.url,
    CACHE_MIN_FREE_BYTES: "0",
  });
const fileUrl = (server: ContentProcess, path: string) =>
  `${server.url}/huggingface/${REPO}/resolve/main/${path}`;

async function tempFiles(): Promise<Array<{ name: string; size: number }>> {
  const names = await readdir(join(blobs(), "tmp")).catch(() => []);
  return Promise.all(
    names.map(async (name) => ({ name, size: (await stat(join(blobs(), "tmp", name))).size })),
  );
}

async function expectFile(server: ContentProcess, path: string): Promise<void> {
  const response = await fetch(fileUrl(server, path));
  expect(response.status).toBe(200);
  const body = await response.arrayBuffer();
  expect(await sha256Hex(body)).toBe(await sha256Hex(await hub.readFile("model", REPO, "main", path)));
}

describe("kill -9", () => {
  test("mid-fill: the next start removes the half-written file, drops rows without their complete blob, deletes unreferenced blobs", async () => {
    const first = await start();
    let digests: Record<string, string>;
    try {
      await expectFile(first, "config.json");
      await expectFile(first, "onnx/model.onnx");
      await expectFile(first, "README.md");
      await fillsRecorded(first.url);
      // A slow upstream, so the process dies with the model half written.
      hub.faults.bytesPerSecond = 512 * 1024;
      const response = await fetch(fileUrl(first, MODEL));
      expect(response.status).toBe(200);
      const body = response.arrayBuffer().then(
        () => "complete",
        () => "failed",
      );
      await eventually(async () => expect((await tempFiles()).some((file) => file.size > 0)).toBe(true));
      first.signal("SIGKILL");
      await first.exited;
      // The client of the killed server saw a failed transfer, not a complete-looking file.
      expect(await body).toBe("failed");
    } finally {
      await first.stop();
      hub.resetFaults();
    }
    expect((await tempFiles()).length).toBe(1);
    const db = await openDb(databaseUrl(), { migrate: false });
    try {
      const rows = await db.db.cachedFile.findMany({ select: { path: true, blobDigest: true } });
      digests = Object.fromEntries(rows.map((row) => [row.path, row.blobDigest]));
      expect(Object.keys(digests).sort()).toEqual(["README.md", "config.json", "onnx/model.onnx"]);
    } finally {
      await db.close();
    }
    // What a kill at other moments leaves, made by hand: a blob cut short (a lost page cache), a blob
    // gone, and a blob renamed into place whose index row was never written.
    await truncate(join(blobs(), storageKeyOf(digests["onnx/model.onnx"]!)), 100);
    await rm(join(blobs(), storageKeyOf(digests["README.md"]!)));
    const orphan = "ab".repeat(32);
    await mkdir(join(blobs(), storageKeyOf(orphan), ".."), { recursive: true });
    await writeFile(join(blobs(), storageKeyOf(orphan)), "nobody refers to me");

    const second = await start();
    try {
      expect(await tempFiles()).toEqual([]);
      expect(second.output()).toContain("recovered the store after an unclean stop");
      const check = await openDb(databaseUrl(), { migrate: false });
      try {
        const rows = await check.db.cachedFile.findMany({ select: { path: true } });
        expect(rows.map((row) => row.path)).toEqual(["config.json"]);
        const blobRows = await check.db.blob.findMany({ select: { digest: true } });
        expect(blobRows.map((row) => row.digest)).toEqual([digests["config.json"]!]);
      } finally {
        await check.close();
      }
      await expect(stat(join(blobs(), storageKeyOf(orphan)))).rejects.toThrow();
      await expect(stat(join(blobs(), storageKeyOf(digests["onnx/model.onnx"]!)))).rejects.toThrow();
      // The intact file is served from the cache; the others come whole from the Hub again.
      hub.resetRequests();
      await expectFile(second, "config.json");
      expect(hub.requests.filter((request) => request.method === "GET")).toEqual([]);
      await expectFile(second, "onnx/model.onnx");
      await expectFile(second, "README.md");
      await expectFile(second, MODEL);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
