import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { rejection, remoteOptions, tenancyWorld, userInTeam } from "../test-fixtures.ts";
import { createDistribution } from "./distributions.ts";
import { listPrefetchJobs, requestPrefetch } from "./prefetch.ts";
import { createRemote } from "./remotes.ts";

const providers = await testProviders();

describe.each(providers)("pre-fetch jobs on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("queues a job for admins, shows it to members, hides it from strangers, validates input", async () => {
    const owner = await userInTeam(handle.db);
    const member = await userInTeam(handle.db, "member", owner.teamId);
    const stranger = await userInTeam(handle.db);
    const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
    const distribution = await createDistribution(handle.db, owner, {
      name: "d",
      basePath: `pf-${owner.teamId}`,
      remoteId: remote.id,
    });
    const job = await requestPrefetch(handle.db, owner, {
      distributionId: distribution.id,
      repoId: "org/model",
    });
    expect(job).toMatchObject({ status: "queued", repoType: "model", revision: "main", doneFiles: 0 });
    expect((await listPrefetchJobs(handle.db, member, distribution.id)).map((j) => j.id)).toEqual([job.id]);
    expect(await listPrefetchJobs(handle.db, stranger)).toEqual([]);

    const fail = (input: unknown, actor = owner) =>
      requestPrefetch(handle.db, actor, input).then(
        () => null,
        (e: unknown) => e as AppError,
      );
    expect((await fail({ distributionId: distribution.id, repoId: "org/x" }, member))?.status).toBe(403);
    expect((await fail({ distributionId: distribution.id, repoId: "org/x" }, stranger))?.status).toBe(404);
    const bad = await fail({ distributionId: distribution.id, repoId: "../etc", revision: "a b" });
    expect(Object.keys(bad?.fields ?? {}).sort()).toEqual(["repoId", "revision"]);
    expect(await handle.db.prefetchJob.count({ where: { distributionId: distribution.id } })).toBe(1);
  });

  it("lists one distribution's jobs only for its team: another team's id is a 404, like a made-up one", async () => {
    const { owner, stranger, ids } = await tenancyWorld(handle.db);
    expect(await listPrefetchJobs(handle.db, owner, ids.distributionId)).toHaveLength(1);
    expect((await rejection(listPrefetchJobs(handle.db, stranger, ids.distributionId))).status).toBe(404);
    expect((await rejection(listPrefetchJobs(handle.db, stranger, "no-such-id"))).message).toBe(
      "Distribution not found.",
    );
  });
});
