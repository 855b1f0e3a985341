import { storageKeyOf } from "@hubcache/core";
import { pinRepo } from "@hubcache/db";
import { createTestDatabase, testProviders, type TestDatabase } from "@hubcache/db/test-support";
import type { FakeHub } from "@hubcache/fake-hub";
import { afterEach, describe, expect, it } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ContentConfig } from "../src/env.ts";
import { eventually, fillsRecorded, sha256Hex, startStack, type Stack } from "./harness.ts";
import { metricSum } from "./metrics.ts";

const providers = await testProviders();

const REPO = "org/cap";
const SIZE = 1000;
const FILES = ["a.bin", "b.bin", "c.bin", "d.bin", "e.bin"];

function seed(hub: FakeHub): void {
  hub.addRepo({
    id: REPO,
    files: Object.fromEntries(FILES.map((name, i) => [name, { size: SIZE, seed: 100 + i }])),
  });
  hub.addRepo({ id: "org/big", files: { "big.bin": { size: 5000, seed: 200 } } });
  hub.addRepo({ id: "org/keep", files: { "k.bin": { size: SIZE, seed: 300 } } });
  hub.addRepo({
    id: "org/parts",
    files: { "dir/kept.bin": { size: SIZE, seed: 400 }, "dirt.bin": { size: SIZE, seed: 401 } },
  });
}

let stack: Stack | null = null;
let database: TestDatabase | null = null;

afterEach(async () => {
  await stack?.stop();
  await database?.drop();
  stack = null;
  database = null;
});

async function start(provider: string, config: Partial<ContentConfig>): Promise<Stack> {
  database = provider === "postgresql" ? await createTestDatabase("postgresql") : null;
  stack = await startStack({
    seed,
    config: {
      cacheMinFreeBytes: 0,
      blobGraceMs: 0,
      capacityIntervalMs: 60_000,
      ...(database ? { databaseUrl: database.url } : {}),
      ...config,
    },
  });
  return stack;
}

/** Downloads a file through `base` and checks its bytes against the Hub's. */
async function get(s: Stack, base: string, path: string, repo = REPO): Promise<void> {
  const response = await fetch(`${base}/${repo}/resolve/main/${path}`);
  expect(response.status).toBe(200);
  const body = await response.arrayBuffer();
  const expected = await s.hub.readFile("model", repo, "main", path);
  expect(await sha256Hex(body)).toBe(await sha256Hex(expected));
  await fillsRecorded(s.server.url);
}

async function cachedPaths(s: Stack, remoteId?: string): Promise<string[]> {
  const rows = await s.database.db.cachedFile.findMany({
    where: remoteId ? { remoteId } : {},
    select: { path: true },
    orderBy: { path: "asc" },
  });
  return rows.map((row) => row.path);
}

async function digestOf(s: Stack, path: string): Promise<string> {
  const row = await s.database.db.cachedFile.findFirstOrThrow({ where: { path } });
  return row.blobDigest;
}

const onDisk = (s: Stack, digest: string) => existsSync(join(s.dir, "blobs", storageKeyOf(digest)));

/** Waits until the hit counter has written `path`'s access after `than`'s. */
async function usedAfter(s: Stack, path: string, than: string): Promise<void> {
  await eventually(async () => {
    const [a, b] = await Promise.all(
      [path, than].map((p) => s.database.db.cachedFile.findFirstOrThrow({ where: { path: p } })),
    );
    expect(a!.lastAccessedAt.getTime()).toBeGreaterThan(b!.lastAccessedAt.getTime());
  });
}

/** A second team with its own remote (same Hub) and a public distribution; its base URL and ids. */
async function secondTeam(s: Stack): Promise<{ base: string; teamId: string; remoteId: string }> {
  const db = s.database.db;
  const team = await db.team.create({ data: { name: "Team B", slug: "team-b" } });
  const remote = await db.remote.create({ data: { teamId: team.id, name: "hf", hubUrl: s.hub.url } });
  await db.distribution.create({
    data: { teamId: team.id, name: "b", basePath: "team-b", remoteId: remote.id, isPublic: true },
  });
  const base = `${s.server.url}/team-b`;
  await eventually(async () => expect((await fetch(`${base}/api/whoami-v2`)).status).toBe(401));
  return { base, teamId: team.id, remoteId: remote.id };
}

async function defaultTeam(s: Stack): Promise<{ teamId: string; remoteId: string }> {
  const remote = await s.database.db.remote.findFirstOrThrow({ where: { name: "huggingface" } });
  return { teamId: remote.teamId, remoteId: remote.id };
}

describe.each(providers)("capacity on %s", (provider) => {
  it("instance limit: least recently used blob goes (A, B, C, touch A, add D: B goes, A stays)", async () => {
    const s = await start(provider, { cacheMaxBytes: 3500 });
    for (const path of ["a.bin", "b.bin", "c.bin"]) await get(s, s.endpoint, path);
    const b = await digestOf(s, "b.bin");
    await get(s, s.endpoint, "a.bin");
    await usedAfter(s, "a.bin", "c.bin");
    await get(s, s.endpoint, "d.bin");
    expect(await cachedPaths(s)).toEqual(["a.bin", "c.bin", "d.bin"]);
    expect(onDisk(s, b)).toBe(false);
    expect(await s.database.db.blob.count({ where: { digest: b } })).toBe(0);
    for (const path of ["a.bin", "c.bin", "d.bin"]) expect(onDisk(s, await digestOf(s, path))).toBe(true);
    const events = await s.database.db.evictionEvent.findMany();
    expect(events.map((e) => [e.path, e.reason])).toEqual([["b.bin", "instance"]]);
    expect(await metricSum(s.server.url, "hubcache_evictions_total", { reason: "instance" })).toBe(1);
    // B comes back from the Hub when asked for again (and C, now the oldest, makes room).
    s.hub.resetRequests();
    await get(s, s.endpoint, "b.bin");
    expect(await cachedPaths(s)).toEqual(["a.bin", "b.bin", "d.bin"]);
  });

  it("team quota at file level: a blob shared with another team keeps its bytes and counts for both", async () => {
    const s = await start(provider, {});
    const a = await defaultTeam(s);
    const other = await secondTeam(s);
    await s.database.db.team.update({ where: { id: a.teamId }, data: { quotaBytes: 2500n } });
    await get(s, s.endpoint, "a.bin");
    await get(s, s.endpoint, "b.bin");
    await get(s, other.base, "b.bin");
    await get(s, s.endpoint, "a.bin");
    await usedAfter(s, "a.bin", "b.bin");
    await get(s, s.endpoint, "c.bin");
    expect(await cachedPaths(s, a.remoteId)).toEqual(["a.bin", "c.bin"]);
    expect(await cachedPaths(s, other.remoteId)).toEqual(["b.bin"]);
    // The bytes stay: team B's file refers to them, and team B is served from the cache.
    expect(onDisk(s, await digestOf(s, "b.bin"))).toBe(true);
    s.hub.resetRequests();
    await get(s, other.base, "b.bin");
    expect(s.hub.requests.filter((r) => r.path.includes("b.bin"))).toEqual([]);
    const events = await s.database.db.evictionEvent.findMany();
    expect(events.map((e) => [e.teamId, e.path, e.reason])).toEqual([[a.teamId, "b.bin", "quota"]]);
  });

  it("a quota set while the cache runs applies to the fills after the configuration refresh", async () => {
    const s = await start(provider, {});
    const a = await defaultTeam(s);
    await get(s, s.endpoint, "a.bin");
    await get(s, s.endpoint, "b.bin");
    await s.database.db.team.update({ where: { id: a.teamId }, data: { quotaBytes: 2500n } });
    // The harness refreshes the configuration every 200 ms.
    await Bun.sleep(300);
    await get(s, s.endpoint, "c.bin");
    expect(await cachedPaths(s)).toEqual(["b.bin", "c.bin"]);
  });

  it("pinned files are never evicted, and count against the quota", async () => {
    const s = await start(provider, {});
    const a = await defaultTeam(s);
    await s.database.db.team.update({ where: { id: a.teamId }, data: { quotaBytes: 2500n } });
    await get(s, s.endpoint, "k.bin", "org/keep");
    const commit = (await s.database.db.cachedFile.findFirstOrThrow({ where: { path: "k.bin" } })).commit;
    await pinRepo(s.database.db, {
      remoteId: a.remoteId,
      repoType: "model",
      repoId: "org/keep",
      commit,
      createdBy: "test",
    });
    await get(s, s.endpoint, "a.bin");
    await get(s, s.endpoint, "b.bin");
    // K is the least recently used but pinned (at its commit): A went instead.
    expect(await cachedPaths(s)).toEqual(["b.bin", "k.bin"]);
    // A whole-repo pin: nothing left may go, so another file cannot be kept: it is streamed.
    await pinRepo(s.database.db, {
      remoteId: a.remoteId,
      repoType: "model",
      repoId: REPO,
      commit: "",
      createdBy: "test",
    });
    await get(s, s.endpoint, "c.bin");
    expect(await cachedPaths(s)).toEqual(["b.bin", "k.bin"]);
    expect(await metricSum(s.server.url, "hubcache_streamed_too_big_total", { reason: "quota" })).toBe(1);
    const events = await s.database.db.evictionEvent.findMany();
    expect(events.map((e) => [e.path, e.reason])).toEqual([["a.bin", "quota"]]);
  });

  it("a path pin keeps the files below its folder while an unpinned sibling is evicted", async () => {
    const s = await start(provider, {});
    const a = await defaultTeam(s);
    await s.database.db.team.update({ where: { id: a.teamId }, data: { quotaBytes: 2500n } });
    // The folder "dir" at every revision: not "dirt.bin", whose name only starts the same.
    await s.database.db.pin.create({
      data: { remoteId: a.remoteId, repoType: "model", repoId: "org/parts", path: "dir", createdBy: "test" },
    });
    await get(s, s.endpoint, "dir/kept.bin", "org/parts");
    await get(s, s.endpoint, "dirt.bin", "org/parts");
    await usedAfter(s, "dirt.bin", "dir/kept.bin");
    await get(s, s.endpoint, "a.bin");
    // dir/kept.bin is the least recently used, but pinned: its sibling went instead.
    expect(await cachedPaths(s)).toEqual(["a.bin", "dir/kept.bin"]);
    const events = await s.database.db.evictionEvent.findMany();
    expect(events.map((e) => [e.path, e.reason])).toEqual([["dirt.bin", "quota"]]);
  });

  it("retention: files not used for N days are evicted by the background pass", async () => {
    const s = await start(provider, { capacityIntervalMs: 100 });
    const a = await defaultTeam(s);
    await get(s, s.endpoint, "a.bin");
    await get(s, s.endpoint, "b.bin");
    const old = await digestOf(s, "a.bin");
    await s.database.db.cachedFile.updateMany({
      where: { path: "a.bin" },
      data: { lastAccessedAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    await s.database.db.team.update({ where: { id: a.teamId }, data: { retentionDays: 2 } });
    await eventually(async () => expect(await cachedPaths(s)).toEqual(["b.bin"]));
    await eventually(async () => {
      expect(onDisk(s, old)).toBe(false);
      expect(await s.database.db.blob.count({ where: { digest: old } })).toBe(0);
    });
    const events = await s.database.db.evictionEvent.findMany();
    expect(events.map((e) => [e.path, e.reason])).toEqual([["a.bin", "retention"]]);
  });

  it("fills racing eviction: every client gets the right bytes, a file being read is never cut, the limit holds", async () => {
    const MIB = 1024 * 1024;
    const names = Array.from({ length: 10 }, (_, i) => `race-${i}.bin`);
    // Eight 4 MiB files fit nowhere near at once: the limit holds three, so every fill evicts.
    const s = await start(provider, { cacheMaxBytes: 12 * MIB + 1, blobGraceMs: 300 });
    s.hub.addRepo({
      id: "org/race",
      files: Object.fromEntries(names.map((name, i) => [name, { size: 4 * MIB, seed: 500 + i }])),
    });
    const url = (name: string) => `${s.endpoint}/org/race/resolve/main/${name}`;
    const expected = async (name: string) =>
      sha256Hex(await s.hub.readFile("model", "org/race", "main", name));

    // The store full: race-0 the least recently used. A slow reader of it has its first bytes, then
    // stalls past the blob's grace time, so that race-0 is the first thing eviction takes.
    for (const name of names.slice(0, 3)) await (await fetch(url(name))).arrayBuffer();
    const slow = await fetch(url("race-0.bin"));
    const reader = slow.body!.getReader();
    const first = await reader.read();
    await Bun.sleep(400);

    // Two clients for each of the other files at once: single-flight fills, each reserving room.
    const fills = names.slice(3).flatMap((name) => [name, name]);
    const bodies = await Promise.all(
      fills.map(async (name) => {
        const response = await fetch(url(name));
        return { name, status: response.status, sha: await sha256Hex(await response.arrayBuffer()) };
      }),
    );
    for (const body of bodies) {
      expect(body.status).toBe(200);
      expect(body.sha).toBe(await expected(body.name));
    }
    // Evicted meanwhile, the stalled read still gets every byte, unchanged.
    const evicted = await s.database.db.evictionEvent.findMany({ select: { path: true } });
    expect(evicted.map((event) => event.path)).toContain("race-0.bin");
    const chunks: Uint8Array[] = [first.value!];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(await sha256Hex(Buffer.concat(chunks))).toBe(await expected("race-0.bin"));

    // The limit holds, and what the index lists is on disk in full.
    const rows = await s.database.db.cachedFile.findMany({ where: { repoId: "org/race" } });
    expect(rows.length).toBeLessThanOrEqual(3);
    const blobs = await s.database.db.blob.findMany();
    expect(blobs.reduce((sum, blob) => sum + Number(blob.size), 0)).toBeLessThanOrEqual(12 * MIB + 1);
    for (const row of rows) expect(onDisk(s, row.blobDigest)).toBe(true);
  });

  it("a file larger than what can be freed is served streamed, whole and by range, and nothing is kept", async () => {
    const s = await start(provider, { cacheMaxBytes: 4000 });
    await get(s, s.endpoint, "a.bin");
    await get(s, s.endpoint, "big.bin", "org/big");
    const ranged = await fetch(`${s.endpoint}/org/big/resolve/main/big.bin`, {
      headers: { range: "bytes=10-19" },
    });
    expect(ranged.status).toBe(206);
    const expected = await s.hub.readFile("model", "org/big", "main", "big.bin");
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(new Uint8Array(expected.subarray(10, 20)));
    // Nothing was evicted for it either.
    expect(await cachedPaths(s)).toEqual(["a.bin"]);
    expect(
      await metricSum(s.server.url, "hubcache_streamed_too_big_total", { reason: "instance" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("the free-space floor: a fill that would go below it is streamed, and the hit is counted", async () => {
    // A floor as large as the whole file system: nothing can ever be kept.
    const s = await start(provider, { cacheMinFreeBytes: Number.MAX_SAFE_INTEGER });
    await get(s, s.endpoint, "a.bin");
    expect(await cachedPaths(s)).toEqual([]);
    expect(await metricSum(s.server.url, "hubcache_free_space_floor_hits_total")).toBeGreaterThanOrEqual(1);
  });

  it("a purge queued like the console does is carried out by the content server: rows, then unshared bytes", async () => {
    const s = await start(provider, { prefetchPollMs: 100 });
    const other = await secondTeam(s);
    await get(s, s.endpoint, "a.bin");
    await get(s, s.endpoint, "b.bin");
    await get(s, other.base, "b.bin");
    const [a, b] = [await digestOf(s, "a.bin"), await digestOf(s, "b.bin")];
    const distribution = await s.database.db.distribution.findFirstOrThrow({
      where: { basePath: "huggingface" },
    });
    const job = await s.database.db.purgeJob.create({
      data: { distributionId: distribution.id, repoType: "model", repoId: REPO, requestedBy: "admin" },
    });
    const done = await eventually(async () => {
      const row = await s.database.db.purgeJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("done");
      return row;
    });
    expect([done.files, done.blobs, Number(done.bytes)]).toEqual([2, 1, 2 * SIZE]);
    expect(await cachedPaths(s)).toEqual(["b.bin"]);
    expect(onDisk(s, a)).toBe(false);
    expect(onDisk(s, b)).toBe(true);
    const audit = await s.database.db.auditEvent.findFirstOrThrow({ where: { action: "cache.purge" } });
    expect(audit.actor).toBe("admin");
    expect(JSON.parse(audit.detail)).toMatchObject({ repoId: REPO, files: 2, blobs: 1 });
  });

  it("a file asked for again right after its purge is fetched again and indexed, not served from memory", async () => {
    // Long memo, grace and replay times: the purged file's lookup is remembered, its blob, just served,
    // is still in use when the purge runs, and its answer is being replayed (replay-cache.ts).
    const s = await start(provider, {
      prefetchPollMs: 100,
      blobGraceMs: 60_000,
      configRefreshMs: 60_000,
      replayTtlMs: 60_000,
    });
    await get(s, s.endpoint, "a.bin");
    const replayed = () => metricSum(s.server.url, "hubcache_replayed_responses_total");
    await eventually(async () => {
      await get(s, s.endpoint, "a.bin");
      expect(await replayed()).toBeGreaterThan(0);
    });
    const distribution = await s.database.db.distribution.findFirstOrThrow({
      where: { basePath: "huggingface" },
    });
    const job = await s.database.db.purgeJob.create({
      data: {
        distributionId: distribution.id,
        repoType: "model",
        repoId: REPO,
        path: "a.bin",
        requestedBy: "admin",
      },
    });
    await eventually(async () => {
      const row = await s.database.db.purgeJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("done");
    });
    expect(await cachedPaths(s)).toEqual([]);
    const fills = () => s.hub.requests.filter((r) => r.method === "GET" && r.path.includes("a.bin")).length;
    const before = fills();
    await get(s, s.endpoint, "a.bin");
    expect(fills()).toBe(before + 1);
    await eventually(async () => expect(await cachedPaths(s)).toEqual(["a.bin"]));
  });
});
