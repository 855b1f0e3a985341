import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, seedRemote, testProviders } from "./test-support.ts";
import { hourOf, recordUsage } from "./usage.ts";

const providers = await testProviders();

describe.each(providers)("usage counters on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("adds concurrent deltas into one row per distribution and hour", async () => {
    const { teamId, remoteId } = await seedRemote(handle.db);
    const distribution = await handle.db.distribution.create({
      data: { teamId, remoteId, name: "d", basePath: `usage-${teamId}` },
    });
    const hour = hourOf(new Date("2026-11-26T13:47:12Z"));
    expect(hour.toISOString()).toBe("2026-11-26T13:00:00.000Z");
    const delta = { requests: 2, hits: 1, misses: 1, bytesFromCache: 5_000_000_000, bytesFromUpstream: 7 };
    await Promise.all(Array.from({ length: 8 }, () => recordUsage(handle.db, distribution.id, hour, delta)));
    const rows = await handle.db.usageHour.findMany({ where: { distributionId: distribution.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ requests: 16, hits: 8, misses: 8, bytesFromUpstream: 56n });
    expect(rows[0]?.bytesFromCache).toBe(40_000_000_000n);
  });
});
