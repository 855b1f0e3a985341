import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuePrefetchOnce } from "./prefetch-queue.ts";
import { openTestDb, seedRemote, testProviders } from "./test-support.ts";

const providers = await testProviders();

describe.each(providers)("the pre-fetch queue on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  async function distribution(): Promise<string> {
    const { teamId, remoteId } = await seedRemote(handle.db);
    const created = await handle.db.distribution.create({
      data: { teamId, remoteId, name: "d", basePath: `prefetch-${teamId}` },
    });
    return created.id;
  }

  const request = (distributionId: string, repoId = "org/model") => ({
    distributionId,
    repoType: "model",
    repoId,
    revision: "main",
    requestedBy: "immediate",
  });

  it("queues one job when many first requests for a repo arrive at once (an immediate remote)", async () => {
    const distributionId = await distribution();
    const queued = await Promise.all(
      Array.from({ length: 8 }, () => queuePrefetchOnce(handle.db, request(distributionId))),
    );
    expect(queued.filter(Boolean)).toHaveLength(1);
    expect(await handle.db.prefetchJob.count({ where: { distributionId } })).toBe(1);
  });

  it("queues again once the earlier job failed or was canceled, not while it is queued, running or done", async () => {
    const distributionId = await distribution();
    expect(await queuePrefetchOnce(handle.db, request(distributionId))).toBe(true);
    for (const status of ["running", "done"]) {
      await handle.db.prefetchJob.updateMany({ where: { distributionId }, data: { status } });
      expect(await queuePrefetchOnce(handle.db, request(distributionId))).toBe(false);
    }
    for (const status of ["failed", "canceled"]) {
      await handle.db.prefetchJob.updateMany({ where: { distributionId }, data: { status } });
      expect(await queuePrefetchOnce(handle.db, request(distributionId))).toBe(true);
    }
    expect(await queuePrefetchOnce(handle.db, request(distributionId, "org/other"))).toBe(true);
    expect(await handle.db.prefetchJob.count({ where: { distributionId } })).toBe(4);
  });
});
