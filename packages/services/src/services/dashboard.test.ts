import { createPrismaCacheIndex, hourOf, recordUsage } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteOptions, userInTeam } from "../test-fixtures.ts";
import { usageDashboard } from "./dashboard.ts";
import { createDistribution } from "./distributions.ts";
import { createRemote } from "./remotes.ts";

const providers = await testProviders();

describe.each(providers)("dashboard on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  async function teamWithTraffic(hits: number, misses: number) {
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
    const distribution = await createDistribution(handle.db, owner, {
      name: "d",
      basePath: `dash-${owner.teamId}`,
      remoteId: remote.id,
    });
    const now = new Date();
    await recordUsage(handle.db, distribution.id, hourOf(now), {
      requests: hits + misses,
      hits,
      misses,
      bytesFromCache: hits * 100,
      bytesFromUpstream: misses * 100,
    });
    // Outside a 14-day window:
    await recordUsage(handle.db, distribution.id, hourOf(new Date(now.getTime() - 30 * 86_400_000)), {
      requests: 1000,
      hits: 1000,
      misses: 0,
      bytesFromCache: 1,
      bytesFromUpstream: 0,
    });
    const index = createPrismaCacheIndex(handle.db);
    await index.putFile(
      { remoteId: remote.id, repoType: "model", repoId: "org/big" },
      {
        commit: "c".repeat(40),
        path: "w.bin",
        blobDigest: randomBytes(32).toString("hex"),
        etag: '"e"',
        linkedEtag: null,
        size: 5000,
        lfs: true,
      },
      "k",
    );
    return owner;
  }

  it("sums my teams' traffic in the period, by day and distribution, with storage and top repos", async () => {
    const owner = await teamWithTraffic(3, 1);
    await teamWithTraffic(50, 50); // another team's numbers never show
    const dashboard = await usageDashboard(handle.db, owner, { days: 14 });
    expect(dashboard.totals).toEqual({
      requests: 4,
      hits: 3,
      misses: 1,
      hitRatio: 0.75,
      bytesFromCache: 300,
      bytesFromUpstream: 100,
    });
    expect(dashboard.daily).toHaveLength(14);
    expect(dashboard.daily.at(-1)).toMatchObject({ hits: 3, misses: 1 });
    expect(dashboard.daily[0]).toMatchObject({ hits: 0, hitRatio: null });
    expect(dashboard.distributions).toEqual([expect.objectContaining({ name: "d", hits: 3 })]);
    expect(dashboard.storageByTeam).toEqual([expect.objectContaining({ bytes: 5000, files: 1 })]);
    expect(dashboard.topRepos).toEqual([{ repoType: "model", repoId: "org/big", bytes: 5000, files: 1 }]);
  });
});
