import type { Db } from "./client.ts";

/**
 * The purge queue as the content server works it (the console and the REST API only queue): jobs are
 * claimed atomically, the index rows go in one transaction, and the blobs no file refers to any more are
 * then removed from the store by the server that owns it.
 */

export type PurgeJobRow = Awaited<ReturnType<Db["purgeJob"]["findFirstOrThrow"]>>;

export interface PurgeScope {
  remoteId: string;
  repoType: string;
  repoId: string;
  /** Null: every revision. */
  commit: string | null;
  /** Null: every file in scope (a path needs a commit). */
  path: string | null;
}

/** Jobs left "running" by a server that died (untouched since `staleBefore`) are queued again. */
export async function requeueStalePurgeJobs(db: Db, staleBefore: Date): Promise<number> {
  const { count } = await db.purgeJob.updateMany({
    where: { status: "running", updatedAt: { lt: staleBefore } },
    data: { status: "queued" },
  });
  return count;
}

/** The oldest queued job, claimed for this server; null when the queue is empty. */
export async function claimNextPurgeJob(db: Db): Promise<PurgeJobRow | null> {
  for (;;) {
    const next = await db.purgeJob.findFirst({ where: { status: "queued" }, orderBy: { createdAt: "asc" } });
    if (!next) return null;
    const claimed = await db.purgeJob.updateMany({
      where: { id: next.id, status: "queued" },
      data: { status: "running" },
    });
    if (claimed.count === 1) return { ...next, status: "running" };
  }
}

/**
 * Removes the scope's files from the index (and, for a repo or a revision, its API answers; for a repo,
 * its branch and tag resolutions). Returns the files removed, their bytes, and the digests of the blobs
 * no file of any team refers to any more.
 */
export async function purgeIndex(
  db: Db,
  scope: PurgeScope,
): Promise<{ files: number; bytes: number; unreferenced: string[] }> {
  const repoWhere = { remoteId: scope.remoteId, repoType: scope.repoType, repoId: scope.repoId };
  const where = {
    ...repoWhere,
    ...(scope.commit ? { commit: scope.commit } : {}),
    ...(scope.path ? { path: scope.path } : {}),
  };
  const files = await db.cachedFile.findMany({ where, select: { blobDigest: true, size: true } });
  await db.$transaction([
    db.cachedFile.deleteMany({ where }),
    ...(scope.path
      ? []
      : [
          db.apiCache.deleteMany({
            where: { ...repoWhere, ...(scope.commit ? { commit: scope.commit } : {}) },
          }),
        ]),
    ...(scope.commit ? [] : [db.revisionCache.deleteMany({ where: repoWhere })]),
  ]);
  const digests = [...new Set(files.map((file) => file.blobDigest))];
  const stillUsed = await db.cachedFile.findMany({
    where: { blobDigest: { in: digests } },
    select: { blobDigest: true },
    distinct: ["blobDigest"],
  });
  const used = new Set(stillUsed.map((row) => row.blobDigest));
  return {
    files: files.length,
    bytes: files.reduce((sum, file) => sum + Number(file.size), 0),
    unreferenced: digests.filter((digest) => !used.has(digest)),
  };
}

/** Ends a job: done with its counts, failed with a message, or handed back to the queue. */
export async function finishPurgeJob(
  db: Db,
  id: string,
  outcome:
    | { status: "done"; files: number; blobs: number; bytes: number }
    | { status: "failed"; error: string }
    | { status: "queued" },
): Promise<void> {
  const data =
    outcome.status === "done"
      ? { status: "done", files: outcome.files, blobs: outcome.blobs, bytes: BigInt(outcome.bytes) }
      : outcome.status === "failed"
        ? { status: "failed", error: outcome.error }
        : { status: "queued" };
  await db.purgeJob.update({ where: { id }, data });
}

/** The remote and team a job's distribution serves; null when the distribution is gone. */
export async function purgeTargetOf(
  db: Db,
  distributionId: string,
): Promise<{ remoteId: string; teamId: string } | null> {
  return db.distribution.findUnique({
    where: { id: distributionId },
    select: { remoteId: true, teamId: true },
  });
}

/** The purge's line in the team's audit log, in the name of who asked for it. */
export async function auditPurge(
  db: Db,
  job: PurgeJobRow,
  teamId: string,
  result: { files: number; blobs: number; bytes: number },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      teamId,
      actor: job.requestedBy,
      action: "cache.purge",
      target: job.repoId,
      detail: JSON.stringify({
        job: job.id,
        repoType: job.repoType,
        repoId: job.repoId,
        ...(job.commit ? { commit: job.commit } : {}),
        ...(job.path ? { path: job.path } : {}),
        ...result,
      }),
    },
  });
}
