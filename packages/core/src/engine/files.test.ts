import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FsBlobStore } from "../cache/fs-blob-store.ts";
import { MemoryCacheIndex } from "../cache/memory-index.ts";
import { UpstreamClient } from "../upstream/client.ts";
import type { RemoteContext } from "./context.ts";
import { HubCache } from "./hub-cache.ts";
import { AppError } from "../errors.ts";
import { descriptorsUnder } from "../test-support/open-descriptors.ts";

let hub: FakeHub;
let root: string;
let index: MemoryCacheIndex;
let store: FsBlobStore;
let cache: HubCache;
let upstream: UpstreamClient;
const repo = { type: "model" as const, id: "org/model" };

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ id: repo.id, files: { "a.txt": "alpha", "w.safetensors": { size: 100_000, seed: 3 } } });
  upstream = new UpstreamClient({
    hubUrl: hub.url,
    token: null,
    connectTimeoutMs: 1000,
    readTimeoutMs: 2000,
    // The stand-in Hub listens on 127.0.0.1.
    allowPrivateNetwork: true,
  });
});
afterAll(async () => {
  await upstream.close();
  await hub.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "hubcache-files-"));
  store = new FsBlobStore(root);
  await store.init();
  index = new MemoryCacheIndex();
  cache = new HubCache({ index, store, revisionTtlMs: 60_000 });
  hub.resetFaults();
  hub.resetRequests();
});
afterEach(async () => {
  await cache.files.settled();
  await rm(root, { recursive: true, force: true });
});

const ctx = (policy: RemoteContext["policy"], remoteId = "remote-1"): RemoteContext => ({
  remoteId,
  policy,
  upstream,
});

/** Holds every fill's move into the store until the returned function is called. */
function holdStoreCommits(): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const createTemp = store.createTemp.bind(store);
  store.createTemp = async (...args) => {
    const temp = await createTemp(...args);
    const commit = temp.commit.bind(temp);
    temp.commit = async (digest) => {
      await held;
      return commit(digest);
    };
    return temp;
  };
  return release;
}

describe("FileService", () => {
  it("keeps an on_demand file, then serves it without the upstream, even at the branch", async () => {
    const cold = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(cold.source).toBe("download");
    expect(await text(await cold.open(0, cold.meta.size - 1))).toBe("alpha");
    await cache.files.settled();
    hub.resetRequests();
    const warm = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(warm.source).toBe("cache");
    expect(warm.meta).toEqual(cold.meta);
    expect(await text(await warm.open(1, 3))).toBe("lph");
    expect(hub.requests).toEqual([]);
  });

  it("a client's HEAD then GET of a cold file costs the upstream one look-up and one download", async () => {
    const head = await cache.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    const heads = hub.requests.filter((r) => r.method === "HEAD").length;
    expect(heads).toBeGreaterThan(0);
    const get = await cache.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    expect(get.meta).toEqual(head.meta);
    const expected = await hub.readFile("model", repo.id, "main", "w.safetensors");
    const body = new Uint8Array(await new Response(await get.open(0, get.meta.size - 1)).arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(expected))).toBe(true);
    expect(hub.requests.filter((r) => r.method === "HEAD")).toHaveLength(heads);
    expect(hub.requests.filter((r) => r.method === "GET")).toHaveLength(1);
  });

  it("a cold file at a branch resolved a moment ago costs one index look-up and does not renew the branch", async () => {
    await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    const lookups: string[] = [];
    const getFile = index.getFile.bind(index);
    index.getFile = (key, commit, path) => {
      lookups.push(path);
      return getFile(key, commit, path);
    };
    let renewed = 0;
    const putRevision = index.putRevision.bind(index);
    index.putRevision = (...args) => {
      renewed++;
      return putRevision(...args);
    };
    const cold = await cache.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    expect(cold.source).toBe("download");
    // The file was asked for at the commit main resolved to, not at main: main was not asked again.
    expect(lookups).toEqual(["w.safetensors"]);
    expect(renewed).toBe(0);
  });

  it("sends a cold file's last bytes once they are verified, without waiting for the store to take them", async () => {
    const stored = holdStoreCommits();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("still waiting"), 2_000));
    const cold = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(await Promise.race([text(await cold.open(0, cold.meta.size - 1)), timeout])).toBe("alpha");
    // Asked again before the store has taken it: answered at once from the fill, not fetched again.
    const again = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(again.source).toBe("cache");
    expect(await Promise.race([text(await again.open(1, 3)), timeout])).toBe("lph");
    expect(hub.requests.filter((r) => r.method === "GET")).toHaveLength(1);
    stored();
    await cache.files.settled();
    expect(index.files.size).toBe(1);
  });

  it("a hit on a fill the store is still taking counts once the file is indexed", async () => {
    const counting = new HubCache({ index, store, revisionTtlMs: 60_000, hitFlushMs: 10 });
    try {
      const stored = holdStoreCommits();
      const cold = await counting.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
      expect(await text(await cold.open(0, cold.meta.size - 1))).toBe("alpha");
      const again = await counting.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
      again.recordHit();
      // Several flushes of the hit counts go by while the file has no index row to count them on.
      await new Promise((resolve) => setTimeout(resolve, 50));
      stored();
      await counting.files.settled();
    } finally {
      await counting.close();
    }
    expect([...index.fileHits.values()]).toEqual([1]);
  });

  it("a request that found the file still downloading, opened after it was indexed, reads the cache", async () => {
    const stored = holdStoreCommits();
    const cold = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    const coldBody = text(await cold.open(0, cold.meta.size - 1));
    const late = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(late.source).toBe("download");
    stored();
    expect(await coldBody).toBe("alpha");
    await cache.files.settled();
    expect(index.files.size).toBe(1);
    hub.resetRequests();
    expect(await text(await late.open(0, late.meta.size - 1))).toBe("alpha");
    expect(hub.requests).toEqual([]);
  });

  it("gives a client the file from the store while it is being indexed", async () => {
    let indexWritten!: () => void;
    const indexWrite = new Promise<void>((resolve) => (indexWritten = resolve));
    let indexing!: () => void;
    const stored = new Promise<void>((resolve) => (indexing = resolve));
    const putFile = index.putFile.bind(index);
    index.putFile = async (...args) => {
      indexing();
      await indexWrite;
      return putFile(...args);
    };
    const cold = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(await text(await cold.open(0, cold.meta.size - 1))).toBe("alpha");
    await stored;
    expect(index.files.size).toBe(0);
    hub.resetRequests();
    const again = await cache.files.resolve(ctx("on_demand"), repo, "main", "a.txt");
    expect(again.source).toBe("cache");
    expect(again.meta).toEqual(cold.meta);
    expect(await text(await again.open(1, 3))).toBe("lph");
    expect(hub.requests).toEqual([]);
    indexWritten();
    await cache.files.settled();
    expect(index.files.size).toBe(1);
  });

  it("keeps each remote's index apart: another tenant's remote does not see the file", async () => {
    const first = await cache.files.resolve(ctx("on_demand", "remote-a"), repo, "main", "a.txt");
    await text(await first.open(0, first.meta.size - 1));
    const other = await cache.files.resolve(ctx("on_demand", "remote-b"), repo, "main", "a.txt");
    expect(other.source).toBe("download");
    expect(await text(await other.open(0, other.meta.size - 1))).toBe("alpha");
  });

  it("streams without keeping under the streamed policy, ranges proxied upstream", async () => {
    const file = await cache.files.resolve(ctx("streamed"), repo, "main", "w.safetensors");
    expect(file.source).toBe("stream");
    const expected = await hub.readFile("model", repo.id, "main", "w.safetensors");
    const part = new Uint8Array(await new Response(await file.open(10, 19)).arrayBuffer());
    expect(Buffer.from(part)).toEqual(Buffer.from(expected.subarray(10, 20)));
    const again = await cache.files.resolve(ctx("streamed"), repo, "main", "w.safetensors");
    expect(again.source).toBe("stream");
    expect(index.files.size).toBe(0);
  });

  it("passes upstream errors with their code and X-Repo-Commit", async () => {
    const error = await cache.files
      .resolve(ctx("on_demand"), repo, "main", "missing.txt")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(404);
    expect((error as AppError).code).toBe("EntryNotFound");
    expect((error as AppError).headers["x-repo-commit"]).toMatch(/^[0-9a-f]{40}$/);
  });

  it("follows a renamed repo's redirect to its new name", async () => {
    // An upstream that answers for the repo's old name with a redirect to the new one, as the Hub does.
    const renamer: Server = createServer((request, response) => {
      const target = `${hub.url}${request.url!.replace("/old-org/model/", "/org/model/")}`;
      response.writeHead(307, { location: target }).end();
    });
    await new Promise<void>((resolve) => renamer.listen(0, "127.0.0.1", resolve));
    const viaRename = new UpstreamClient({
      ...upstream.config,
      hubUrl: `http://127.0.0.1:${(renamer.address() as AddressInfo).port}`,
    });
    try {
      const renamedCtx: RemoteContext = { remoteId: "r", policy: "on_demand", upstream: viaRename };
      const file = await cache.files.resolve(
        renamedCtx,
        { type: "model", id: "old-org/model" },
        "main",
        "a.txt",
      );
      expect(await text(await file.open(0, file.meta.size - 1))).toBe("alpha");
    } finally {
      await viaRename.close();
      renamer.close();
    }
  });

  it("never hands a failed download to a retry fired in the same tick as the failure", async () => {
    hub.faults.dropAfterBytes = 50_000;
    const first = await cache.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    const retried = new Promise<ReadableStream<Uint8Array>>((resolve, reject) => {
      first.open(0, first.meta.size - 1).then(async (stream) => {
        const reader = stream.getReader();
        try {
          while (!(await reader.read()).done) {
            // reading until the upstream drop reaches this reader
          }
          reject(new Error("a dropped download ended as if complete"));
        } catch {
          // Same tick as the failure: the upstream is healthy again and the client retries at once.
          hub.resetFaults();
          first.open(0, first.meta.size - 1).then(resolve, reject);
        }
      }, reject);
    });
    const body = new Uint8Array(await new Response(await retried).arrayBuffer());
    const expected = await hub.readFile("model", repo.id, "main", "w.safetensors");
    expect(Buffer.from(body)).toEqual(Buffer.from(expected));
    const downloads = hub.requests.filter((r) => r.method === "GET" && r.path.startsWith("/cdn-lfs/"));
    expect(downloads.length).toBe(2);
  });

  it("cancels downloads in flight on close and leaves no temp file", async () => {
    hub.faults.bytesPerSecond = 20_000;
    const file = await cache.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    const reading = new Response(await file.open(0, file.meta.size - 1)).arrayBuffer().then(
      () => "complete",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cache.files.inFlightDownloads).toBe(1);
    await cache.close();
    expect(await reading).toBe("failed");
    expect(await readdir(join(root, "tmp"))).toEqual([]);
    expect(index.files.size).toBe(0);
  });

  it("a fill whose hasher cannot be made fails the request and leaves no temp file, open or on disk", async () => {
    const failing = new HubCache({
      index,
      store,
      revisionTtlMs: 60_000,
      hooks: {
        hasher: () => {
          throw new Error("no hashing thread (EMFILE)");
        },
      },
    });
    const file = await failing.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    await expect(file.open(0, file.meta.size - 1)).rejects.toThrow(/no hashing thread/);
    await failing.files.settled();
    expect(await readdir(join(root, "tmp"))).toEqual([]);
    expect(index.files.size).toBe(0);
    await failing.close();
  });

  it("a stream dropped unread keeps no file of the store open once the download is done", async () => {
    const file = await cache.files.resolve(ctx("on_demand"), repo, "main", "w.safetensors");
    // A response built and never sent (or read): its stream is neither pulled nor cancelled.
    void (await file.open(0, file.meta.size - 1));
    const whole = new Uint8Array(await new Response(await file.open(0, file.meta.size - 1)).arrayBuffer());
    expect(whole.byteLength).toBe(file.meta.size);
    // The temp file is renamed into the store when verified: its handle then points there.
    const openInTemp = () => descriptorsUnder(root).length;
    const deadline = Date.now() + 2000;
    while (openInTemp() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(openInTemp()).toBe(0);
  });
});
