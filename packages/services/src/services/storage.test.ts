import { createPrismaCacheIndex, recordHeartbeat } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceAdmin, rejection, remoteOptions, userInTeam } from "../test-fixtures.ts";
import { createDistribution } from "./distributions.ts";
import { createRemote } from "./remotes.ts";
import {
  createPin,
  deletePin,
  instanceStorage,
  listPins,
  listPurgeJobs,
  requestPinnedPrefetch,
  requestPurge,
  setTeamLimits,
  teamStorage,
} from "./storage.ts";

const providers = await testProviders();
const COMMIT = "c".repeat(40);

describe.each(providers)("storage settings on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  async function team() {
    const owner = await userInTeam(handle.db);
    const member = await userInTeam(handle.db, "member", owner.teamId);
    const stranger = await userInTeam(handle.db);
    const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
    const distribution = await createDistribution(handle.db, owner, {
      name: "d",
      basePath: `st-${owner.teamId}`,
      remoteId: remote.id,
    });
    return { owner, member, stranger, remote, distribution };
  }

  it("quotas are the instance admin's; retention also the team's admins'; members read; strangers see nothing", async () => {
    const { owner, member, stranger } = await team();
    const admin = await instanceAdmin(handle.db);
    expect((await rejection(setTeamLimits(handle.db, owner, owner.teamId, { quotaBytes: 10 }))).status).toBe(
      403,
    );
    expect(
      (await rejection(setTeamLimits(handle.db, member, owner.teamId, { retentionDays: 3 }))).status,
    ).toBe(403);
    expect(
      (await rejection(setTeamLimits(handle.db, stranger, owner.teamId, { retentionDays: 3 }))).status,
    ).toBe(404);
    expect(
      (await rejection(setTeamLimits(handle.db, admin, owner.teamId, { quotaBytes: -1 }))).fields,
    ).toHaveProperty("quotaBytes");
    await setTeamLimits(handle.db, admin, owner.teamId, { quotaBytes: 5_000_000 });
    await setTeamLimits(handle.db, owner, owner.teamId, { retentionDays: 30 });
    expect(await teamStorage(handle.db, member, owner.teamId)).toMatchObject({
      usedBytes: 0,
      quotaBytes: 5_000_000,
      retentionDays: 30,
      pinnedBytes: 0,
      largestRepos: [],
      recentEvictions: [],
    });
    expect((await rejection(teamStorage(handle.db, stranger, owner.teamId))).status).toBe(404);
    expect((await rejection(instanceStorage(handle.db, owner))).status).toBe(403);
    const instance = await instanceStorage(handle.db, admin);
    expect(instance.teams.find((t) => t.teamId === owner.teamId)?.quotaBytes).toBe(5_000_000);
    // The instance's limit is what the content servers report in their heartbeats (the smallest).
    const beat = {
      url: "http://cache",
      version: "0.1.0",
      startedAt: new Date(),
      fillsInFlight: 0,
      upstreams: {},
    };
    await recordHeartbeat(handle.db, { ...beat, id: `a-${owner.teamId}`, cacheMaxBytes: 8_000_000 });
    await recordHeartbeat(handle.db, { ...beat, id: `b-${owner.teamId}`, cacheMaxBytes: 6_000_000 });
    await recordHeartbeat(handle.db, { ...beat, id: `c-${owner.teamId}`, cacheMaxBytes: 1 }, new Date(0));
    expect((await instanceStorage(handle.db, admin)).limitBytes).toBe(6_000_000);
    await setTeamLimits(handle.db, admin, owner.teamId, { quotaBytes: null });
    expect((await teamStorage(handle.db, owner, owner.teamId)).quotaBytes).toBeNull();
  });

  it("pins a repo, a commit, or a branch at the commit the cache resolved; members list; admins unpin", async () => {
    const { owner, member, stranger, remote, distribution } = await team();
    const whole = await createPin(handle.db, owner, { distributionId: distribution.id, repoId: "org/a" });
    expect(whole).toMatchObject({ repoType: "model", repoId: "org/a", commit: null });
    await createPin(handle.db, owner, { distributionId: distribution.id, repoId: "org/a", revision: COMMIT });
    const unknown = await rejection(
      createPin(handle.db, owner, { distributionId: distribution.id, repoId: "org/b", revision: "main" }),
    );
    expect(unknown.fields).toHaveProperty("revision");
    await handle.db.revisionCache.create({
      data: { remoteId: remote.id, repoType: "model", repoId: "org/b", revision: "main", commit: COMMIT },
    });
    const branch = await createPin(handle.db, owner, {
      distributionId: distribution.id,
      repoId: "org/b",
      revision: "main",
    });
    expect(branch.commit).toBe(COMMIT);
    expect((await listPins(handle.db, member, distribution.id)).length).toBe(3);
    expect(
      (await rejection(createPin(handle.db, member, { distributionId: distribution.id, repoId: "x/y" })))
        .status,
    ).toBe(403);
    expect((await rejection(listPins(handle.db, stranger, distribution.id))).status).toBe(404);
    expect((await rejection(deletePin(handle.db, stranger, distribution.id, whole.id))).status).toBe(404);
    await deletePin(handle.db, owner, distribution.id, whole.id);
    expect((await listPins(handle.db, owner, distribution.id)).length).toBe(2);
  });

  it("pins a file or a folder of a repo or of a revision; the team's pinned bytes count only those files", async () => {
    const { owner, remote, distribution } = await team();
    const index = createPrismaCacheIndex(handle.db);
    const repo = { remoteId: remote.id, repoType: "model" as const, repoId: "org/parts" };
    const OTHER = "d".repeat(40);
    const files: Array<[commit: string, path: string, size: number]> = [
      [COMMIT, "onnx/model.onnx", 100],
      [COMMIT, "onnx/deep/weights.bin", 200],
      [OTHER, "onnx/model.onnx", 400],
      [COMMIT, "onnxruntime.txt", 800],
      [COMMIT, "config.json", 1600],
      [OTHER, "config.json", 3200],
    ];
    for (const [commit, path, size] of files) {
      const blobDigest = `${size}`.padStart(64, "0");
      await index.putFile(
        repo,
        { commit, path, blobDigest, etag: '"e"', linkedEtag: null, size, lfs: false },
        size.toString(),
      );
    }
    const pin = (fields: Record<string, unknown>) =>
      createPin(handle.db, owner, { distributionId: distribution.id, repoId: "org/parts", ...fields });

    const before = await handle.db.pin.count();
    for (const path of ["", "/onnx", "onnx//model.onnx", "../secrets", "onnx/./x", "x".repeat(1025)]) {
      expect((await rejection(pin({ path }))).fields, path).toHaveProperty("path");
    }
    expect(await handle.db.pin.count()).toBe(before);

    // A folder at one commit (its trailing "/" dropped) and a file at every revision.
    const folder = await pin({ revision: COMMIT, path: "onnx/" });
    expect(folder).toMatchObject({ commit: COMMIT, path: "onnx" });
    const file = await pin({ path: "config.json" });
    expect(file).toMatchObject({ commit: null, path: "config.json" });
    // The same pin twice is one pin.
    expect((await pin({ revision: COMMIT, path: "onnx" })).id).toBe(folder.id);
    const storage = await teamStorage(handle.db, owner, owner.teamId);
    expect(storage.pinnedBytes).toBe(100 + 200 + 1600 + 3200);
    expect(storage.pins.map((row) => [row.commit, row.path])).toEqual([
      [null, "config.json"],
      [COMMIT, "onnx"],
    ]);
    // Pinning the whole repo too covers everything; unpinning it leaves the path pins.
    const whole = await pin({});
    expect(whole.path).toBeNull();
    expect((await teamStorage(handle.db, owner, owner.teamId)).pinnedBytes).toBe(6300);
    await deletePin(handle.db, owner, distribution.id, whole.id);
    expect((await listPins(handle.db, owner, distribution.id)).map((row) => row.path)).toEqual([
      "config.json",
      "onnx",
    ]);
    const audited = await handle.db.auditEvent.findFirstOrThrow({
      where: { teamId: owner.teamId, action: "cache.pin", target: "org/parts" },
      orderBy: { createdAt: "asc" },
    });
    expect(JSON.parse(audited.detail)).toMatchObject({ commit: COMMIT, path: "onnx" });
  });

  it("queues purges for the content server and a pre-fetch with a pin; both audited", async () => {
    const { owner, member, stranger, distribution } = await team();
    const job = await requestPurge(handle.db, owner, distribution.id, { repoType: "model", repoId: "org/a" });
    expect(job).toMatchObject({ status: "queued", repoId: "org/a", commit: null, path: null, files: 0 });
    const noCommit = await rejection(
      requestPurge(handle.db, owner, distribution.id, { repoType: "model", repoId: "org/a", path: "x" }),
    );
    expect(noCommit.fields).toHaveProperty("commit");
    expect(
      (await rejection(requestPurge(handle.db, member, distribution.id, { repoType: "model", repoId: "a" })))
        .status,
    ).toBe(403);
    expect((await listPurgeJobs(handle.db, member, distribution.id)).map((j) => j.id)).toEqual([job.id]);
    expect(await listPurgeJobs(handle.db, stranger)).toEqual([]);
    const prefetch = await requestPinnedPrefetch(handle.db, owner, {
      distributionId: distribution.id,
      repoId: "org/a",
    });
    expect((await handle.db.prefetchJob.findUniqueOrThrow({ where: { id: prefetch.id } })).pin).toBe(true);
    const actions = await handle.db.auditEvent.findMany({
      where: { teamId: owner.teamId },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["cache.purge_requested", "cache.prefetch"]),
    );
  });
});
