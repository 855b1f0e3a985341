import type { CachedFile, CacheIndex, RepoKey } from "@hubcache/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaCacheIndex } from "./cache-index.ts";
import type { Db } from "./client.ts";
import { openTestDb, seedRemote, testProviders } from "./test-support.ts";

const providers = await testProviders();

const digest = (c: string): string => c.repeat(64).slice(0, 64);

function file(overrides: Partial<CachedFile> = {}): CachedFile {
  return {
    commit: "a".repeat(40),
    path: "config.json",
    blobDigest: digest("1"),
    etag: '"abc"',
    linkedEtag: null,
    size: 123,
    lfs: false,
    ...overrides,
  };
}

describe.each(providers)("Prisma CacheIndex on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let db: Db;
  let index: CacheIndex;
  let repo: RepoKey;

  beforeAll(async () => {
    handle = await openTestDb(provider);
    db = handle.db;
    index = createPrismaCacheIndex(db);
    const { remoteId } = await seedRemote(db);
    repo = { remoteId, repoType: "model", repoId: "org/model" };
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it("resolves revisions and updates them", async () => {
    expect(await index.getRevision(repo, "main")).toBeNull();
    await index.putRevision(repo, "main", "c1".padEnd(40, "0"));
    const first = await index.getRevision(repo, "main");
    expect(first?.commit).toBe("c1".padEnd(40, "0"));
    expect(first?.fetchedAt).toBeInstanceOf(Date);
    await index.putRevision(repo, "main", "c2".padEnd(40, "0"));
    expect((await index.getRevision(repo, "main"))?.commit).toBe("c2".padEnd(40, "0"));
    expect(await index.getRevision({ ...repo, repoType: "dataset" }, "main")).toBeNull();
  });

  it("stores a file with its blob and reads both back", async () => {
    const f = file({
      path: "model.safetensors",
      blobDigest: digest("2"),
      lfs: true,
      linkedEtag: '"sha"',
      size: 5_000_000_000,
    });
    expect(await index.getFile(repo, f.commit, f.path)).toBeNull();
    await index.putFile(repo, f, "blobs/22/2222");
    expect(await index.getFile(repo, f.commit, f.path)).toEqual(f);
    const blob = await index.getBlob(f.blobDigest);
    expect(blob).toMatchObject({
      digest: f.blobDigest,
      size: 5_000_000_000,
      storageKey: "blobs/22/2222",
      hits: 0,
    });
    expect(blob?.createdAt).toBeInstanceOf(Date);
  });

  it("upserts a file: a second put replaces its metadata, the existing blob row is kept", async () => {
    const f = file({ path: "README.md", blobDigest: digest("3") });
    await index.putFile(repo, f, "blobs/3");
    await index.putFile(repo, { ...f, etag: '"v2"', blobDigest: digest("4"), size: 7 }, "blobs/4");
    expect(await index.getFile(repo, f.commit, f.path)).toEqual({
      ...f,
      etag: '"v2"',
      blobDigest: digest("4"),
      size: 7,
    });
    await index.putFile(repo, { ...f, path: "other.md" }, "blobs/3-elsewhere");
    expect((await index.getBlob(digest("3")))?.storageKey).toBe("blobs/3");
  });

  it("writes rows as Prisma's models do: they read back alike, dates in order with the models' own", async () => {
    const before = new Date(Date.now() - 1000);
    const f = file({ path: "dates.bin", blobDigest: digest("d"), lfs: true, linkedEtag: '"d"' });
    await index.putFile(repo, f, "blobs/d");
    const row = await db.cachedFile.findFirstOrThrow({ where: { remoteId: repo.remoteId, path: f.path } });
    expect(row).toMatchObject({ lfs: true, size: 123n, hits: 0, linkedEtag: '"d"' });
    expect(row.lastAccessedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(row.createdAt.getTime()).toBe(row.lastAccessedAt.getTime());
    // A row the models wrote a second earlier sorts before it, on both databases (SQLite compares text).
    await db.blob.create({
      data: { digest: digest("e"), size: 1n, storageKey: "blobs/e", lastAccessedAt: before },
    });
    const order = await db.blob.findMany({
      where: { digest: { in: [digest("d"), digest("e")] } },
      orderBy: { lastAccessedAt: "asc" },
      select: { digest: true },
    });
    expect(order.map((b) => b.digest)).toEqual([digest("e"), digest("d")]);
  });

  it("tolerates concurrent puts of the same file, revision and API response", async () => {
    const f = file({ path: "race.bin", blobDigest: digest("5") });
    await Promise.all(Array.from({ length: 12 }, () => index.putFile(repo, f, "blobs/5")));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => index.putRevision(repo, "race", String(i % 3).padEnd(40, "0"))),
    );
    await Promise.all(
      Array.from({ length: 12 }, () =>
        index.putApiResponse(repo, f.commit, "info", { status: 200, headers: {}, body: "{}" }),
      ),
    );
    expect(await index.getFile(repo, f.commit, f.path)).toEqual(f);
    expect(await db.cachedFile.count({ where: { remoteId: repo.remoteId, path: "race.bin" } })).toBe(1);
    expect(await db.blob.count({ where: { digest: digest("5") } })).toBe(1);
    expect(await db.revisionCache.count({ where: { remoteId: repo.remoteId, revision: "race" } })).toBe(1);
    expect(await db.apiCache.count({ where: { remoteId: repo.remoteId, key: "info" } })).toBe(1);
  });

  it("counts hits on the tenant's file and refreshes the shared blob's lastAccessedAt", async () => {
    const f = file({ path: "hits.txt", blobDigest: digest("6") });
    await index.putFile(repo, f, "blobs/6");
    const other = { ...repo, remoteId: (await seedRemote(db, "hits")).remoteId };
    await index.putFile(other, f, "blobs/6");
    const before = await index.getBlob(f.blobDigest);
    const later = new Date(before!.lastAccessedAt.getTime() + 1000);
    await Promise.all(
      Array.from({ length: 10 }, () => index.recordFileHits(repo, f.commit, f.path, 1, later)),
    );
    const where = (r: typeof repo) => ({
      remoteId: r.remoteId,
      repoType: r.repoType,
      repoId: r.repoId,
      path: f.path,
    });
    expect((await db.cachedFile.findFirstOrThrow({ where: where(repo) })).hits).toBe(10);
    expect((await db.cachedFile.findFirstOrThrow({ where: where(other) })).hits).toBe(0);
    const after = await index.getBlob(f.blobDigest);
    expect(after?.lastAccessedAt.getTime()).toBe(later.getTime());
    // A file purged meanwhile: no error.
    await expect(index.recordFileHits(repo, f.commit, "gone.txt", 1, later)).resolves.toBeUndefined();
  });

  it("stores API responses per commit and key", async () => {
    const response = {
      status: 200,
      headers: { "content-type": "application/json", etag: 'W/"1"' },
      body: '{"a":1}',
    };
    expect(await index.getApiResponse(repo, "c".repeat(40), "tree/main")).toBeNull();
    await index.putApiResponse(repo, "c".repeat(40), "tree/main", response);
    expect(await index.getApiResponse(repo, "c".repeat(40), "tree/main")).toEqual(response);
    expect(await index.getApiResponse(repo, "d".repeat(40), "tree/main")).toBeNull();
    await index.putApiResponse(repo, "c".repeat(40), "tree/main", { ...response, status: 404, body: "" });
    expect((await index.getApiResponse(repo, "c".repeat(40), "tree/main"))?.status).toBe(404);
  });

  it("keeps tenants apart: the same repo, commit and path under two remotes are distinct", async () => {
    const other = await seedRemote(db, "other");
    const repoB: RepoKey = { ...repo, remoteId: other.remoteId };
    const f = file({ path: "tenant.txt", blobDigest: digest("7") });
    await index.putFile(repo, f, "blobs/7");
    expect(await index.getFile(repoB, f.commit, f.path)).toBeNull();
    await index.putFile(repoB, { ...f, etag: '"b"' }, "blobs/7");
    expect((await index.getFile(repo, f.commit, f.path))?.etag).toBe(f.etag);
    expect((await index.getFile(repoB, f.commit, f.path))?.etag).toBe('"b"');

    await index.putRevision(repo, "main", "1".repeat(40));
    await index.putRevision(repoB, "main", "2".repeat(40));
    expect((await index.getRevision(repo, "main"))?.commit).toBe("1".repeat(40));
    expect((await index.getRevision(repoB, "main"))?.commit).toBe("2".repeat(40));

    await index.putApiResponse(repoB, f.commit, "paths-info", { status: 200, headers: {}, body: "B" });
    expect(await index.getApiResponse(repo, f.commit, "paths-info")).toBeNull();
  });

  it("deleting a team removes its remotes, distributions, tokens and cache rows (blobs stay)", async () => {
    const t = await seedRemote(db, "doomed");
    const r: RepoKey = { remoteId: t.remoteId, repoType: "dataset", repoId: "org/ds" };
    await db.distribution.create({
      data: { teamId: t.teamId, remoteId: t.remoteId, name: "d", basePath: `bp-${t.teamId}` },
    });
    await db.contentToken.create({ data: { teamId: t.teamId, name: "tok", secretHash: `h-${t.teamId}` } });
    await index.putFile(r, file({ path: "x", blobDigest: digest("8") }), "blobs/8");
    await index.putRevision(r, "main", "9".repeat(40));
    await index.putApiResponse(r, "9".repeat(40), "info", { status: 200, headers: {}, body: "" });

    // A remote still served by a distribution cannot be deleted on its own...
    await expect(db.remote.delete({ where: { id: t.remoteId } })).rejects.toThrow();
    // ...but deleting the team takes everything with it.
    await db.team.delete({ where: { id: t.teamId } });
    expect(await db.remote.count({ where: { teamId: t.teamId } })).toBe(0);
    expect(await db.distribution.count({ where: { teamId: t.teamId } })).toBe(0);
    expect(await db.contentToken.count({ where: { teamId: t.teamId } })).toBe(0);
    expect(await db.cachedFile.count({ where: { remoteId: t.remoteId } })).toBe(0);
    expect(await db.revisionCache.count({ where: { remoteId: t.remoteId } })).toBe(0);
    expect(await db.apiCache.count({ where: { remoteId: t.remoteId } })).toBe(0);
    expect(await index.getBlob(digest("8"))).not.toBeNull();
  });
});
