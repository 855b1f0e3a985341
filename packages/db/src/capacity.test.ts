import type { CacheIndex, RepoKey } from "@hubcache/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaCacheIndex } from "./cache-index.ts";
import {
  evictFiles,
  evictableStoredBytes,
  evictableTeamBytes,
  forgetBlobIfUnreferenced,
  leastRecentBlobs,
  leastRecentTeamFiles,
  pinRepo,
  storedBytes,
  teamOfRemote,
  teamUsageBytes,
  usageByTeam,
} from "./capacity.ts";
import type { Db } from "./client.ts";
import { openTestDb, seedRemote, testProviders } from "./test-support.ts";

const providers = await testProviders();

const digest = (c: string): string => c.repeat(64).slice(0, 64);
const C1 = "1".repeat(40);
const C2 = "2".repeat(40);

describe.each(providers)("capacity queries on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let db: Db;
  let index: CacheIndex;
  let a: { teamId: string; remoteId: string };
  let b: { teamId: string; remoteId: string };
  const repoOf = (remoteId: string, repoId = "org/m"): RepoKey => ({ remoteId, repoType: "model", repoId });

  async function put(
    remoteId: string,
    path: string,
    blob: string,
    size: number,
    at: string,
    repoId = "org/m",
    commit = C1,
  ) {
    await index.putFile(
      repoOf(remoteId, repoId),
      { commit, path, blobDigest: digest(blob), etag: `"${path}"`, linkedEtag: null, size, lfs: false },
      `sha256/${blob}`,
    );
    await index.recordFileHits(repoOf(remoteId, repoId), commit, path, 1, new Date(at));
  }

  beforeAll(async () => {
    handle = await openTestDb(provider);
    db = handle.db;
    index = createPrismaCacheIndex(db);
    a = await seedRemote(db, "a");
    b = await seedRemote(db, "b");
    await db.team.update({ where: { id: a.teamId }, data: { quotaBytes: 1000n, retentionDays: 7 } });
    // Team A: x (oldest), y, z (newest); y's blob is shared with team B.
    await put(a.remoteId, "x", "x", 100, "2026-01-01T00:00:00Z");
    await put(a.remoteId, "y", "y", 200, "2026-01-02T00:00:00Z");
    await put(a.remoteId, "z", "z", 300, "2026-01-03T00:00:00Z", "org/pinned", C2);
    await put(b.remoteId, "y-too", "y", 200, "2026-01-04T00:00:00Z");
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it("reads a team's limits through its remote", async () => {
    expect(await teamOfRemote(db, a.remoteId)).toMatchObject({
      teamId: a.teamId,
      quotaBytes: 1000,
      retentionDays: 7,
    });
    expect(await teamOfRemote(db, b.remoteId)).toMatchObject({ quotaBytes: null, retentionDays: null });
    expect(await teamOfRemote(db, "gone")).toBeNull();
  });

  it("counts a shared blob for each team, and once for the instance", async () => {
    expect(await teamUsageBytes(db, a.teamId)).toBe(600);
    expect(await teamUsageBytes(db, b.teamId)).toBe(200);
    expect(await storedBytes(db)).toBe(600);
    const usage = await usageByTeam(db);
    expect(usage.find((row) => row.teamId === b.teamId)?.bytes).toBe(200);
  });

  it("orders by last access and leaves pinned files (a repo at a commit, a whole repo) out", async () => {
    expect((await leastRecentTeamFiles(db, a.teamId, { take: 10 })).map((f) => f.path)).toEqual([
      "x",
      "y",
      "z",
    ]);
    await pinRepo(db, {
      remoteId: a.remoteId,
      repoType: "model",
      repoId: "org/pinned",
      commit: C2,
      createdBy: "t",
    });
    await pinRepo(db, {
      remoteId: a.remoteId,
      repoType: "model",
      repoId: "org/pinned",
      commit: C2,
      createdBy: "t",
    });
    expect((await leastRecentTeamFiles(db, a.teamId, { take: 10 })).map((f) => f.path)).toEqual(["x", "y"]);
    expect(await evictableTeamBytes(db, a.teamId)).toBe(300);
    expect(
      (
        await leastRecentTeamFiles(db, a.teamId, { take: 10, usedBefore: new Date("2026-01-02T00:00:00Z") })
      ).map((f) => f.path),
    ).toEqual(["x"]);
    expect(
      (await leastRecentTeamFiles(db, a.teamId, { take: 10, skip: [digest("x")] })).map((f) => f.path),
    ).toEqual(["y"]);
    // Blob level: y's blob was used last by team B, after x; z's blob is pinned by team A.
    expect((await leastRecentBlobs(db, { take: 10 })).map((blob) => blob.digest)).toEqual([
      digest("x"),
      digest("y"),
    ]);
    expect(await evictableStoredBytes(db)).toBe(300);
    await pinRepo(db, {
      remoteId: b.remoteId,
      repoType: "model",
      repoId: "org/m",
      commit: "",
      createdBy: "t",
    });
    expect((await leastRecentBlobs(db, { take: 10 })).map((blob) => blob.digest)).toEqual([digest("x")]);
    await db.pin.deleteMany({ where: { remoteId: b.remoteId } });
  });

  it("evicts files, records why, and tells which blobs no file refers to any more", async () => {
    const files = await leastRecentTeamFiles(db, a.teamId, { take: 2 });
    const orphans = await evictFiles(db, files, "quota");
    // y's blob is still team B's file.
    expect(orphans).toEqual([digest("x")]);
    expect(await forgetBlobIfUnreferenced(db, digest("x"))).toBe(true);
    expect(await forgetBlobIfUnreferenced(db, digest("y"))).toBe(false);
    expect(await teamUsageBytes(db, a.teamId)).toBe(300);
    expect(await teamUsageBytes(db, b.teamId)).toBe(200);
    const events = await db.evictionEvent.findMany({ where: { teamId: a.teamId }, orderBy: { path: "asc" } });
    expect(events.map((e) => [e.path, Number(e.size), e.reason])).toEqual([
      ["x", 100, "quota"],
      ["y", 200, "quota"],
    ]);
    const audit = await db.auditEvent.findMany({ where: { teamId: a.teamId, action: "cache.evict" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "content server", target: "2 files" });
    expect(JSON.parse(audit[0]?.detail ?? "{}")).toMatchObject({ reason: "quota", files: 2, bytes: 300 });
  });

  it("path pins keep a file, or every file below a folder, and not their siblings", async () => {
    const parts = "org/parts";
    const files: Array<[path: string, blob: string, commit: string]> = [
      ["onnx/model.onnx", "p", C1],
      ["onnx/deep/weights.bin", "q", C1],
      ["onnx/model.onnx", "r", C2],
      ["onnxruntime.txt", "s", C1],
      ["Onnx/upper.bin", "t", C1],
      ["config.json", "u", C1],
      ["config.json", "v", C2],
      ["README.md", "w", C1],
    ];
    for (const [index, [path, blob, commit]] of files.entries()) {
      await put(b.remoteId, path, blob, 10, `2026-02-0${index + 1}T00:00:00Z`, parts, commit);
    }
    const evictable = async () =>
      (await leastRecentTeamFiles(db, b.teamId, { take: 100 }))
        .filter((file) => file.repoId === parts)
        .map((file) => `${file.path}@${file.commit[0]}`);
    expect(await evictable()).toHaveLength(files.length);
    const pin = (path: string, commit: string) =>
      db.pin.create({
        data: { remoteId: b.remoteId, repoType: "model", repoId: parts, commit, path, createdBy: "t" },
      });
    // A folder at one commit (not the same folder at another, nor "onnxruntime.txt" or "Onnx/"), and a file
    // at every revision.
    await pin("onnx", C1);
    await pin("config.json", "");
    expect(await evictable()).toEqual([
      "onnx/model.onnx@2",
      "onnxruntime.txt@1",
      "Onnx/upper.bin@1",
      "README.md@1",
    ]);
    const before = await evictableTeamBytes(db, b.teamId);
    expect(before).toBe(200 + 4 * 10);
    // Their blobs are kept at the instance level too.
    const blobs = (await leastRecentBlobs(db, { take: 100 })).map((blob) => blob.digest);
    for (const kept of ["p", "q", "u", "v"]) expect(blobs).not.toContain(digest(kept));
    for (const evicted of ["r", "s", "t", "w"]) expect(blobs).toContain(digest(evicted));
    await db.pin.deleteMany({ where: { remoteId: b.remoteId } });
    expect(await evictable()).toHaveLength(files.length);
  });
});
