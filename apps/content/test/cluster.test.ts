import { createTestDatabase, type TestDatabase } from "@hubcache/db/test-support";
import { generateToken, hashToken, openDb, type DbHandle } from "@hubcache/db";
import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, fillsRecorded, sha256Hex } from "./harness.ts";
import { metricSum } from "./metrics.ts";
import { freePort, startLoadBalancer, type Nginx } from "./nginx.ts";
import { spawnContentServer, type ContentProcess } from "./process.ts";
import { startTestS3, type TestS3 } from "./s3-server.ts";

/**
 * Three content servers on one PostgreSQL database and one S3 store (s3rver), behind nginx with the
 * README's load-balancer configuration, the stand-in Hub throttled so that fills take seconds.
 */
const MiB = 1024 * 1024;
const REPO = "org/sharded";
const FILE_SIZE = 8 * MiB;
/** The stand-in Hub sends file bodies at this rate: a fill takes about four seconds. */
const HUB_RATE = 2 * MiB;
const SECRET = "a-cluster-secret-of-at-least-32-characters";

let hub: FakeHub;
let dir: string;
let database: TestDatabase;
let db: DbHandle;
let s3: TestS3;
let s3Env: Record<string, string>;
let replicas: ContentProcess[] = [];
let lb: Nginx;

function startReplica(number: number, extra: Record<string, string> = {}): Promise<ContentProcess> {
  return spawnContentServer({
    DATABASE_URL: database.url,
    ...s3Env,
    HUB_URL: hub.url,
    CLUSTER_SECRET: SECRET,
    HUBCACHE_INSTANCE_ID: `replica-${number}`,
    CONFIG_REFRESH_MS: "300",
    FILL_LEASE_MS: "2000",
    CACHE_MIN_FREE_BYTES: "0",
    ...extra,
  });
}

async function startCluster(extra: Record<string, string> = {}): Promise<void> {
  // The first one migrates and bootstraps the database; the others join it.
  replicas = [await startReplica(0, extra)];
  replicas.push(...(await Promise.all([1, 2].map((n) => startReplica(n, extra)))));
  lb = await startLoadBalancer(
    dir,
    await freePort(),
    replicas.map((replica) => replica.url),
  );
}

async function stopCluster(): Promise<void> {
  lb?.stop();
  await Promise.all(replicas.map((replica) => replica.stop()));
}

const fileUrl = (base: string, path: string) => `${base}/huggingface/${REPO}/resolve/main/${path}`;
const fileGets = (path: string) =>
  hub.requests.filter((r) => r.method === "GET" && (r.path.startsWith("/cdn-lfs/") || r.path.endsWith(path)));

/** Objects under final keys: each must be complete, its bytes hashing to its name. */
async function checkFinalObjects(): Promise<number> {
  const keys = await s3.keys("cache/sha256/");
  for (const key of keys) {
    const digest = key.split("/").pop()!;
    expect(await sha256Hex(await Bun.file(s3.objectFile(key)).arrayBuffer())).toBe(digest);
  }
  return keys.length;
}

interface Download {
  status: number;
  firstByteMs: number;
  body: Uint8Array | Error;
}

async function download(url: string, init: RequestInit = {}): Promise<Download> {
  const started = performance.now();
  const response = await fetch(url, init);
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let firstByteMs = -1;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (firstByteMs < 0) firstByteMs = performance.now() - started;
      chunks.push(value);
    }
  } catch (error) {
    return { status: response.status, firstByteMs, body: error as Error };
  }
  return { status: response.status, firstByteMs, body: Buffer.concat(chunks) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hubcache-cluster-"));
  hub = await startFakeHub();
  hub.addRepo({
    id: REPO,
    files: Object.fromEntries(
      [0, 1, 2, 3].map((n) => [`shard-${n}.safetensors`, { size: FILE_SIZE, seed: 40 + n }]),
    ),
  });
  database = await createTestDatabase("postgresql");
  s3 = await startTestS3();
  s3Env = s3.env("cache");
  await startCluster();
  db = await openDb(database.url, { migrate: false });
}, 60_000);

afterAll(async () => {
  await stopCluster();
  await db?.close();
  await s3?.close();
  await hub?.close();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("three replicas on PostgreSQL and S3 behind nginx", () => {
  test("24 concurrent cold GETs of one file: one upstream download, every body right, every first byte within 2 s", async () => {
    const path = "shard-0.safetensors";
    const expected = await sha256Hex(await hub.readFile("model", REPO, "main", path));
    hub.resetRequests();
    hub.faults.bytesPerSecond = HUB_RATE;
    const downloads = await Promise.all(Array.from({ length: 24 }, () => download(fileUrl(lb.url, path))));
    hub.resetFaults();
    for (const result of downloads) {
      expect(result.status).toBe(200);
      expect(result.body).toBeInstanceOf(Uint8Array);
      expect(await sha256Hex(result.body as Uint8Array)).toBe(expected);
      expect(result.firstByteMs).toBeLessThan(2_000);
    }
    expect(fileGets(path)).toHaveLength(1);
    // Round robin spread them: every replica served some.
    for (const [n, replica] of replicas.entries()) {
      const labels = { method: "GET", status: "200", replica: `replica-${n}` };
      expect(await metricSum(replica.url, "hubcache_http_requests_total", labels)).toBeGreaterThan(0);
    }
    // Clients have the file once it is verified; the owner uploads it a moment later.
    await eventually(async () => expect(await checkFinalObjects()).toBe(1));
    // Each replica's heartbeat row says where it is (the status API, `hubcache status`).
    await eventually(async () => {
      const rows = await db.db.contentServer.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((row) => [row.id, row.url])).toEqual(replicas.map((r, n) => [`replica-${n}`, r.url]));
    });
  }, 60_000);

  test("kill -9 of the fill's owner mid-fill: no wrong bytes, no incomplete object, the next request gets the file", async () => {
    const path = "shard-1.safetensors";
    const expected = await sha256Hex(await hub.readFile("model", REPO, "main", path));
    hub.resetRequests();
    hub.faults.bytesPerSecond = HUB_RATE;
    // One client per replica, straight to it: the first asks, the others follow its fill.
    const first = download(fileUrl(replicas[0]!.url, path));
    await eventually(async () => expect(fileGets(path).length).toBe(1));
    const followers = [1, 2].map((n) => download(fileUrl(replicas[n]!.url, path)));
    await Bun.sleep(1_000);
    replicas[0]!.signal("SIGKILL");
    await replicas[0]!.exited;
    hub.resetFaults();
    const results = await Promise.all([first, ...followers]);
    // The owner's own client saw its connection cut; the followers' transfers continued elsewhere.
    expect(results[0]!.body).toBeInstanceOf(Error);
    for (const result of results.slice(1)) {
      expect(result.body).toBeInstanceOf(Uint8Array);
      expect(await sha256Hex(result.body as Uint8Array)).toBe(expected);
    }
    expect(fileGets(path).length).toBe(2);
    await checkFinalObjects();
    const again = await download(fileUrl(lb.url, path));
    expect(await sha256Hex(again.body as Uint8Array)).toBe(expected);
    replicas[0] = await startReplica(0);
  }, 60_000);

  test("warm reads with Range from each replica (ready, and with the Hub down)", async () => {
    const path = "shard-0.safetensors";
    const bytes = await hub.readFile("model", REPO, "main", path);
    hub.faults.down = true;
    try {
      for (const replica of replicas) {
        expect((await fetch(`${replica.url}/readyz`)).status).toBe(200);
        const response = await fetch(fileUrl(replica.url, path), { headers: { range: "bytes=1000-1999" } });
        expect(response.status).toBe(206);
        expect(response.headers.get("content-range")).toBe(`bytes 1000-1999/${FILE_SIZE}`);
        expect(
          Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes.subarray(1000, 2000))),
        ).toBe(true);
      }
    } finally {
      hub.resetFaults();
    }
  }, 30_000);

  test("a token revocation and a purge made through one replica's database are seen by all", async () => {
    const path = "shard-2.safetensors";
    const team = await db.db.team.findFirstOrThrow();
    const remote = await db.db.remote.findFirstOrThrow();
    const distribution = await db.db.distribution.create({
      data: { teamId: team.id, name: "private", basePath: "private", remoteId: remote.id, isPublic: false },
    });
    const secret = generateToken();
    const token = await db.db.contentToken.create({
      data: { teamId: team.id, name: "ci", secretHash: hashToken(secret) },
    });
    const privateUrl = (base: string) => `${base}/private/${REPO}/resolve/main/${path}`;
    const auth = { authorization: `Bearer ${secret}` };
    const statuses = () =>
      Promise.all(replicas.map(async (r) => (await fetch(privateUrl(r.url), { headers: auth })).status));
    await eventually(async () => expect(await statuses()).toEqual([200, 200, 200]), 10_000);

    // Purged: no replica serves it from the store any more (the Hub is down, so they cannot refetch).
    await db.db.purgeJob.create({
      data: { distributionId: distribution.id, repoType: "model", repoId: REPO, requestedBy: "admin" },
    });
    hub.faults.down = true;
    try {
      await eventually(async () => {
        for (const replica of replicas) {
          expect((await fetch(privateUrl(replica.url), { headers: auth })).status).toBeGreaterThanOrEqual(
            500,
          );
        }
      }, 10_000);
    } finally {
      hub.resetFaults();
    }

    await db.db.contentToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await eventually(async () => expect(await statuses()).toEqual([401, 401, 401]), 10_000);
  }, 60_000);

  test("with S3_REDIRECT=true every replica answers a warm GET with a presigned URL that serves Ranges", async () => {
    await stopCluster();
    await startCluster({ S3_REDIRECT: "true" });
    const path = "shard-3.safetensors";
    const bytes = await hub.readFile("model", REPO, "main", path);
    const cold = await download(fileUrl(lb.url, path));
    expect(cold.status).toBe(200);
    for (const replica of replicas) await fillsRecorded(replica.url);
    for (const replica of replicas) {
      const response = await fetch(fileUrl(replica.url, path), { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("x-repo-commit")).toBeTruthy();
      expect(response.headers.get("x-linked-etag")).toBeTruthy();
      const location = response.headers.get("location")!;
      const ranged = await fetch(location, { headers: { range: "bytes=5-14" } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(bytes.subarray(5, 15)))).toBe(true);
    }
  }, 60_000);
});
