import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FsBlobStore } from "../cache/fs-blob-store.ts";
import { MemoryCacheIndex } from "../cache/memory-index.ts";
import { UpstreamClient } from "../upstream/client.ts";
import type { RemoteContext } from "./context.ts";
import type { FillClaim, FillCoordinator } from "./fill-coordinator.ts";
import { HubCache } from "./hub-cache.ts";

/**
 * Replicas in one process: several HubCaches over one index and one store, with a coordinator that
 * works like the cluster's (one owner per fill; followers read the owner's fill through `localFill`).
 */
class Cluster {
  readonly replicas: HubCache[] = [];
  /** fill key → the owning replica's number; a lease that is "lost" is taken from it here. */
  readonly owners = new Map<string, number>();
  readonly lostListeners = new Map<string, () => void>();
  /** Set to make `confirm` answer false (another replica took the fill over meanwhile). */
  fenced = false;
  /** Replicas whose leases stay in force whatever they do (a process that died without a word). */
  readonly silent = new Set<number>();

  coordinatorFor(replica: number): FillCoordinator {
    return {
      claim: async (fillKey): Promise<FillClaim> => {
        const owner = this.owners.get(fillKey);
        if (owner === undefined || owner === replica) {
          this.owners.set(fillKey, replica);
          return {
            role: "owner",
            lease: {
              onLost: (listener) => this.lostListeners.set(fillKey, listener),
              confirm: async () => !this.fenced && this.owners.get(fillKey) === replica,
              release: async () => {
                if (this.silent.has(replica)) return;
                if (this.owners.get(fillKey) === replica) this.owners.delete(fillKey);
              },
            },
          };
        }
        return {
          role: "follower",
          read: async (start, end) => {
            const fill = this.replicas[owner]?.files.localFill(fillKey);
            if (!fill) throw new Error("the owner has no such fill");
            return fill.stream(start, end);
          },
        };
      },
    };
  }

  /** The owner dies: its lease is taken away and its download stops. */
  killOwner(fillKey: string): void {
    this.owners.delete(fillKey);
    this.lostListeners.get(fillKey)?.();
  }
}

let hub: FakeHub;
let root: string;
let upstream: UpstreamClient;
let cluster: Cluster;
let index: MemoryCacheIndex;
const repo = { type: "model" as const, id: "org/cluster" };
const SIZE = 400_000;

const ctx: RemoteContext = { remoteId: "remote-1", policy: "on_demand", upstream: null as never };

async function body(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const fileGets = () => hub.requests.filter((r) => r.method === "GET" && r.path.startsWith("/cdn-lfs/"));

beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ id: repo.id, files: { "w.safetensors": { size: SIZE, seed: 11 } } });
  upstream = new UpstreamClient({
    hubUrl: hub.url,
    token: null,
    connectTimeoutMs: 1000,
    readTimeoutMs: 5000,
    allowPrivateNetwork: true,
  });
  ctx.upstream = upstream;
});
afterAll(async () => {
  await upstream.close();
  await hub.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "hubcache-cluster-"));
  const store = new FsBlobStore(root);
  await store.init();
  index = new MemoryCacheIndex();
  cluster = new Cluster();
  for (let replica = 0; replica < 3; replica++) {
    cluster.replicas.push(
      new HubCache({
        index,
        store,
        revisionTtlMs: 60_000,
        hooks: { coordinator: cluster.coordinatorFor(replica), followResumeMs: 5_000 },
      }),
    );
  }
  hub.resetFaults();
  hub.resetRequests();
});
afterEach(async () => {
  await Promise.all(cluster.replicas.map((replica) => replica.close()));
  await rm(root, { recursive: true, force: true });
});

describe("FileService in a cluster", () => {
  it("downloads a file once for every replica; followers get every byte as the owner receives it", async () => {
    hub.faults.bytesPerSecond = 1_000_000;
    const resolved = await Promise.all(
      cluster.replicas.map((replica) => replica.files.resolve(ctx, repo, "main", "w.safetensors")),
    );
    const bodies = await Promise.all(
      resolved
        .flatMap((file) => [file.open(0, SIZE - 1), file.open(1000, 1999)])
        .map(async (s) => body(await s)),
    );
    const whole = bodies[0]!;
    expect(whole.length).toBe(SIZE);
    for (let replica = 0; replica < 3; replica++) {
      expect(sha256(bodies[replica * 2]!)).toBe(sha256(whole));
      expect(bodies[replica * 2 + 1]!.equals(whole.subarray(1000, 2000))).toBe(true);
    }
    expect(fileGets()).toHaveLength(1);
    // Every replica now answers from the cache.
    await Promise.all(cluster.replicas.map((replica) => replica.files.settled()));
    const warm = await cluster.replicas[2]!.files.resolve(ctx, repo, "main", "w.safetensors");
    expect(warm.source).toBe("cache");
  });

  it("continues a follower's transfer when the owner dies mid-fill: another replica takes the fill over", async () => {
    hub.faults.bytesPerSecond = 400_000;
    const owner = await cluster.replicas[0]!.files.resolve(ctx, repo, "main", "w.safetensors");
    const ownerBody = body(await owner.open(0, SIZE - 1)).catch((error: Error) => error);
    const follower = await cluster.replicas[1]!.files.resolve(ctx, repo, "main", "w.safetensors");
    const followerBody = body(await follower.open(0, SIZE - 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [fillKey] = [...cluster.owners.keys()];
    cluster.killOwner(fillKey!);
    hub.faults.bytesPerSecond = 0;
    const bytes = await followerBody;
    expect(bytes.length).toBe(SIZE);
    await Promise.all(cluster.replicas.map((replica) => replica.files.settled()));
    const warm = await cluster.replicas[2]!.files.resolve(ctx, repo, "main", "w.safetensors");
    expect(warm.source).toBe("cache");
    expect(sha256(bytes)).toBe(sha256(await body(await warm.open(0, SIZE - 1))));
    // The dead owner's own client saw a failure, not a short body passed off as complete.
    expect(await ownerBody).toBeInstanceOf(Error);
    expect(fileGets()).toHaveLength(2);
  });

  it("a replica that lost its lease before indexing leaves the file unrecorded (fencing)", async () => {
    cluster.fenced = true;
    const file = await cluster.replicas[0]!.files.resolve(ctx, repo, "main", "w.safetensors");
    expect((await body(await file.open(0, SIZE - 1))).length).toBe(SIZE);
    await cluster.replicas[0]!.files.settled();
    const again = await cluster.replicas[0]!.files.resolve(ctx, repo, "main", "w.safetensors");
    expect(again.source).toBe("download");
  });

  it("a follower whose owner has gone and whose fill nobody takes over fails cleanly after the resume time", async () => {
    hub.faults.bytesPerSecond = 200_000;
    const owner = await cluster.replicas[0]!.files.resolve(ctx, repo, "main", "w.safetensors");
    const ownerBody = body(await owner.open(0, SIZE - 1)).catch((error: Error) => error);
    const follower = await cluster.replicas[1]!.files.resolve(ctx, repo, "main", "w.safetensors");
    const followerBody = body(await follower.open(0, SIZE - 1)).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The owner's process stops but its lease stays in force (it never expires in this test).
    cluster.silent.add(0);
    await cluster.replicas[0]!.close();
    expect(await ownerBody).toBeInstanceOf(Error);
    expect(await followerBody).toBeInstanceOf(Error);
  }, 15_000);
});
