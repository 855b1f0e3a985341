import type { Db } from "@hubcache/db";
import { notFound, refused } from "../errors.ts";
import type { CachedFileView, CachedRepo } from "../schemas.ts";
import { visibleTo, type Actor } from "./access.ts";

/**
 * The remote a distribution serves, if the actor may see it. Purges are jobs the content server carries
 * out (`requestPurge` in storage.ts): nothing here touches the stored bytes.
 */
async function remoteOf(db: Db, actor: Actor, distributionId: string): Promise<string> {
  const distribution = await db.distribution.findFirst({
    where: { id: distributionId, ...visibleTo(actor) },
    select: { remoteId: true },
  });
  if (distribution) return distribution.remoteId;
  throw notFound("Distribution");
}

/** What the distribution's remote has cached, repo by repo, and the total bytes. */
export async function cacheOverview(
  db: Db,
  actor: Actor,
  distributionId: string,
): Promise<{ repos: CachedRepo[]; totalBytes: number; totalFiles: number }> {
  const remoteId = await remoteOf(db, actor, distributionId);
  const [groups, commits, revisions] = await Promise.all([
    db.cachedFile.groupBy({
      by: ["repoType", "repoId"],
      where: { remoteId },
      _count: { _all: true },
      _sum: { size: true },
    }),
    db.cachedFile.groupBy({ by: ["repoType", "repoId", "commit"], where: { remoteId } }),
    db.revisionCache.findMany({ where: { remoteId }, orderBy: { revision: "asc" } }),
  ]);
  const repos = groups.map((group) => {
    const same = (row: { repoType: string; repoId: string }) =>
      row.repoType === group.repoType && row.repoId === group.repoId;
    return {
      repoType: group.repoType,
      repoId: group.repoId,
      files: group._count._all,
      bytes: Number(group._sum.size ?? 0),
      commits: commits.filter(same).length,
      revisions: revisions
        .filter(same)
        .map(({ revision, commit, fetchedAt }) => ({ revision, commit, fetchedAt })),
    };
  });
  repos.sort((a, b) => b.bytes - a.bytes);
  return {
    repos,
    totalBytes: repos.reduce((sum, repo) => sum + repo.bytes, 0),
    totalFiles: repos.reduce((sum, repo) => sum + repo.files, 0),
  };
}

/** The cached files of one repo (optionally at one commit), largest first. */
export async function cachedFiles(
  db: Db,
  actor: Actor,
  distributionId: string,
  repo: { repoType: string; repoId: string; commit?: string },
): Promise<CachedFileView[]> {
  const remoteId = await remoteOf(db, actor, distributionId);
  const rows = await db.cachedFile.findMany({
    where: {
      remoteId,
      repoType: repo.repoType,
      repoId: repo.repoId,
      ...(repo.commit ? { commit: repo.commit } : {}),
    },
    select: {
      commit: true,
      path: true,
      size: true,
      lfs: true,
      createdAt: true,
      hits: true,
    },
    orderBy: [{ size: "desc" }, { path: "asc" }],
    take: 5000,
  });
  return rows.map((row) => ({
    commit: row.commit,
    path: row.path,
    size: Number(row.size),
    lfs: row.lfs,
    hits: row.hits,
    cachedAt: row.createdAt,
  }));
}

/**
 * A revision of a cached repo as a commit: a commit stays as it is; a branch or tag is looked up in what
 * the distribution's remote last resolved it to (400 when it never was).
 */
export async function cachedCommitOf(
  db: Db,
  actor: Actor,
  distributionId: string,
  repo: { repoType: string; repoId: string; revision: string },
): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(repo.revision)) return repo.revision;
  const remoteId = await remoteOf(db, actor, distributionId);
  const row = await db.revisionCache.findFirst({
    where: { remoteId, repoType: repo.repoType, repoId: repo.repoId, revision: repo.revision },
    select: { commit: true },
  });
  if (!row) {
    throw refused(400, "Invalid input.", {
      revision: [
        `"${repo.revision}" is not a cached revision of ${repo.repoId}: give a commit or a cached branch or tag.`,
      ],
    });
  }
  return row.commit;
}
