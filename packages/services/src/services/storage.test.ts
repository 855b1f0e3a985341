import { recordHeartbeat } from "@hubcache/db";
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
