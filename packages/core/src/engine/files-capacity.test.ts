import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RepoKey } from "../cache/cache-index.ts";
import type { CapacityGate } from "../cache/capacity-gate.ts";
import { FsBlobStore } from "../cache/fs-blob-store.ts";
import { MemoryCacheIndex } from "../cache/memory-index.ts";
import { UpstreamClient } from "../upstream/client.ts";
import type { RemoteContext } from "./context.ts";
import { HubCache } from "./hub-cache.ts";

let hub: FakeHub;
let root: string;
let store: FsBlobStore;
let index: MemoryCacheIndex;
let upstream: UpstreamClient;
const repo = { type: "model" as const, id: "org/model" };

beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ id: repo.id, files: { "a.txt": "alpha", "w.safetensors": { size: 100_000, seed: 3 } } });
  upstream = new UpstreamClient({
    hubUrl: hub.url,
    token: null,
    connectTimeoutMs: 1000,
    readTimeoutMs: 2000,
    allowPrivateNetwork: true,
  });
  ctx = { remoteId: "remote-1", policy: "on_demand", upstream };
});
afterAll(async () => {
  await upstream.close();
  await hub.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "hubcache-capacity-"));
  store = new FsBlobStore(root, { graceMs: 50 });
  await store.init();
  index = new MemoryCacheIndex();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

let ctx: RemoteContext;

/** Waits for a condition (Bun's test runner has no expect.poll). */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A gate that keeps files up to `limit` bytes and records what it was asked and released. */
function gate(limit: number) {
  const asked: Array<{ repo: RepoKey; size: number }> = [];
  let held = 0;
  const capacity: CapacityGate = {
    async reserve(key, size) {
      asked.push({ repo: key, size });
      if (size > limit) return null;
      held++;
      return { release: () => void held-- };
    },
  };
  return { capacity, asked, held: () => held };
}

describe("FileService with a capacity gate", () => {
  it("serves a file too big to keep straight from upstream, whole and by range, and keeps nothing", async () => {
    const { capacity, asked } = gate(1000);
    const cache = new HubCache({ index, store, revisionTtlMs: 60_000, hooks: { capacity } });
    const expected = await hub.readFile("model", repo.id, "main", "w.safetensors");
    const file = await cache.files.resolve(ctx, repo, "main", "w.safetensors");
    const whole = new Uint8Array(await new Response(await file.open(0, file.meta.size - 1)).arrayBuffer());
    expect(Buffer.from(whole)).toEqual(Buffer.from(expected));
    const part = new Uint8Array(await new Response(await file.open(10, 19)).arrayBuffer());
    expect(Buffer.from(part)).toEqual(Buffer.from(expected.subarray(10, 20)));
    expect(asked.map((a) => a.size)).toEqual([100_000, 100_000]);
    expect(asked[0]?.repo).toEqual({ remoteId: "remote-1", repoType: "model", repoId: repo.id });
    expect(index.files.size).toBe(0);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
    const again = await cache.files.resolve(ctx, repo, "main", "w.safetensors");
    expect(again.source).toBe("download");
  });

  it("keeps a file that fits, and releases its reservation once it is stored and indexed", async () => {
    const { capacity, held } = gate(1_000_000);
    const cache = new HubCache({ index, store, revisionTtlMs: 60_000, hooks: { capacity } });
    const file = await cache.files.resolve(ctx, repo, "main", "w.safetensors");
    await new Response(await file.open(0, file.meta.size - 1)).arrayBuffer();
    await cache.files.settled();
    expect(index.files.size).toBe(1);
    expect(held()).toBe(0);
    const warm = await cache.files.resolve(ctx, repo, "main", "w.safetensors");
    expect(warm.source).toBe("cache");
  });

  it("releases the reservation when the upstream fails mid-body", async () => {
    const { capacity, held } = gate(1_000_000);
    const cache = new HubCache({ index, store, revisionTtlMs: 60_000, hooks: { capacity } });
    const file = await cache.files.resolve(ctx, repo, "main", "w.safetensors");
    hub.faults = { ...hub.faults, dropAfterBytes: 5000 };
    const failed = await new Response(await file.open(0, file.meta.size - 1)).arrayBuffer().then(
      () => false,
      () => true,
    );
    expect(failed).toBe(true);
    await until(() => held() === 0);
    expect(index.files.size).toBe(0);
    hub.resetFaults();
  });

  it("leases a stored blob while a reader streams it: it cannot be deleted as unused meanwhile", async () => {
    const cache = new HubCache({ index, store, revisionTtlMs: 60_000 });
    const cold = await cache.files.resolve(ctx, repo, "main", "a.txt");
    await new Response(await cold.open(0, cold.meta.size - 1)).text();
    await cache.files.settled();
    const digest = [...index.files.values()][0]!.blobDigest;
    const warm = await cache.files.resolve(ctx, repo, "main", "a.txt");
    const reader = (await warm.open(0, warm.meta.size - 1)).getReader();
    expect(store.inUse(digest)).toBe(true);
    expect(await store.deleteIfUnused(digest)).toBe(false);
    while (!(await reader.read()).done) {
      // read to the end
    }
    await until(() => !store.inUse(digest));
    expect(await store.deleteIfUnused(digest)).toBe(true);
    expect(await store.size(digest)).toBeNull();
  });
});
