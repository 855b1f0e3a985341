import { createPrismaCacheIndex } from "@hubcache/db";
import { randomBytes } from "node:crypto";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { remoteOptions, userInTeam } from "../test-fixtures.ts";
import { cachedFiles, cacheOverview } from "./cache.ts";
import { createDistribution } from "./distributions.ts";
import { createRemote } from "./remotes.ts";
import { listPurgeJobs, requestPurge } from "./storage.ts";

const providers = await testProviders();
const COMMIT_A = "a".repeat(40);
const COMMIT_B = "b".repeat(40);

describe.each(providers)("cache browser on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  /** A team with a distribution and cached files; another team caches one identical blob. */
  async function seed() {
    // Digests unique to this seed: blobs are shared across every test's tenants in this database.
    const digests = new Map<string, string>();
    const digest = (name: string) => {
      if (!digests.has(name)) digests.set(name, randomBytes(32).toString("hex"));
      return digests.get(name)!;
    };
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
    const distribution = await createDistribution(handle.db, owner, {
      name: "d",
      basePath: `cache-${owner.teamId}`,
      remoteId: remote.id,
    });
    const index = createPrismaCacheIndex(handle.db);
    const repo = { remoteId: remote.id, repoType: "model" as const, repoId: "org/model" };
    const file = (commit: string, path: string, blob: string, size: number) =>
      index.putFile(
        repo,
        { commit, path, blobDigest: digest(blob), etag: '"e"', linkedEtag: null, size, lfs: false },
        `k-${blob}`,
      );
    await file(COMMIT_A, "config.json", "1", 10);
    await file(COMMIT_A, "model.bin", "2", 1000);
    await file(COMMIT_B, "config.json", "3", 12);
    await index.putRevision(repo, "main", COMMIT_B);
    await index.recordFileHits(repo, COMMIT_A, "model.bin", 4, new Date());
    // Another tenant's remote holds the same bytes as config.json@A.
    const other = await userInTeam(handle.db);
    const otherRemote = await createRemote(handle.db, other, { name: "hf" }, remoteOptions);
    await index.putFile(
      { remoteId: otherRemote.id, repoType: "model", repoId: "elsewhere/x" },
      {
        commit: COMMIT_A,
        path: "c.json",
        blobDigest: digest("1"),
        etag: '"e"',
        linkedEtag: null,
        size: 10,
        lfs: false,
      },
      "k-1",
    );
    return { owner, other, distribution, digest };
  }

  it("shows repos with files, bytes, commits and revisions, and the files with hits", async () => {
    const { owner, distribution } = await seed();
    const overview = await cacheOverview(handle.db, owner, distribution.id);
    expect(overview).toMatchObject({ totalBytes: 1022, totalFiles: 3 });
    expect(overview.repos).toEqual([
      expect.objectContaining({
        repoId: "org/model",
        files: 3,
        bytes: 1022,
        commits: 2,
        revisions: [expect.objectContaining({ revision: "main", commit: COMMIT_B })],
      }),
    ]);
    const files = await cachedFiles(handle.db, owner, distribution.id, {
      repoType: "model",
      repoId: "org/model",
      commit: COMMIT_A,
    });
    expect(files.map((f) => [f.path, f.size, f.hits])).toEqual([
      ["model.bin", 1000, 4],
      ["config.json", 10, 0],
    ]);
  });

  it("a purge is a queued job: the index and the stored bytes are the content server's to change", async () => {
    const { owner, distribution } = await seed();
    const blobs = await handle.db.blob.count();
    const job = await requestPurge(handle.db, owner, distribution.id, {
      repoType: "model",
      repoId: "org/model",
      commit: COMMIT_A,
    });
    expect(job).toMatchObject({ status: "queued", commit: COMMIT_A, path: null, files: 0, blobs: 0 });
    expect((await cacheOverview(handle.db, owner, distribution.id)).totalFiles).toBe(3);
    expect(await handle.db.blob.count()).toBe(blobs);
    expect((await listPurgeJobs(handle.db, owner, distribution.id)).map((row) => row.id)).toEqual([job.id]);
  });

  it("another team's distribution does not exist; members cannot purge; bad input changes nothing", async () => {
    const { owner, other, distribution } = await seed();
    const member = await userInTeam(handle.db, "member", owner.teamId);
    const attempt = (run: () => Promise<unknown>) =>
      run().then(
        () => null,
        (e: unknown) => e as AppError,
      );
    const repo = { repoType: "model", repoId: "org/model" };
    expect((await attempt(() => cacheOverview(handle.db, other, distribution.id)))?.status).toBe(404);
    expect((await attempt(() => requestPurge(handle.db, other, distribution.id, repo)))?.status).toBe(404);
    expect((await cacheOverview(handle.db, member, distribution.id)).totalFiles).toBe(3);
    expect((await attempt(() => requestPurge(handle.db, member, distribution.id, repo)))?.status).toBe(403);
    const bad = await attempt(() => requestPurge(handle.db, owner, distribution.id, { ...repo, path: "x" }));
    expect(bad?.status).toBe(400);
    expect(await handle.db.purgeJob.count({ where: { distributionId: distribution.id } })).toBe(0);
  });
});
