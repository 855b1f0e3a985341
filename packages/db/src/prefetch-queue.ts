import type { Db } from "./client.ts";

/**
 * The pre-fetch queue as the content servers work it: jobs are claimed atomically (several servers can
 * share one queue), touched while they run, and handed back when their server dies or stops.
 */

export type PrefetchJobRow = Awaited<ReturnType<Db["prefetchJob"]["findFirstOrThrow"]>>;

export interface PrefetchRequest {
  distributionId: string;
  repoType: string;
  repoId: string;
  revision: string;
  requestedBy: string;
}

/** Jobs left "running" by a server that stopped touching them before `staleBefore` are queued again. */
export async function requeueStalePrefetchJobs(db: Db, staleBefore: Date): Promise<number> {
  const { count } = await db.prefetchJob.updateMany({
    where: { status: "running", updatedAt: { lt: staleBefore } },
    data: { status: "queued" },
  });
  return count;
}

/** The oldest queued job, claimed for this server; null when the queue is empty. */
export async function claimNextPrefetchJob(db: Db): Promise<PrefetchJobRow | null> {
  for (;;) {
    const next = await db.prefetchJob.findFirst({
      where: { status: "queued" },
      orderBy: { createdAt: "asc" },
    });
    if (!next) return null;
    const claimed = await db.prefetchJob.updateMany({
      where: { id: next.id, status: "queued" },
      data: { status: "running" },
    });
    // Another server claimed it first: look again.
    if (claimed.count === 1) return { ...next, status: "running" };
  }
}

/** Shows that the job's server is alive (a job untouched for a while is taken for orphaned). */
export async function touchPrefetchJob(db: Db, id: string): Promise<void> {
  await db.prefetchJob.update({ where: { id }, data: { updatedAt: new Date() } });
}

export async function recordPrefetchPlan(
  db: Db,
  id: string,
  plan: { commit: string; totalFiles: number; totalBytes: number },
): Promise<void> {
  await db.prefetchJob.update({
    where: { id },
    data: { commit: plan.commit, totalFiles: plan.totalFiles, totalBytes: BigInt(plan.totalBytes) },
  });
}

export async function recordPrefetchProgress(
  db: Db,
  id: string,
  progress: { doneFiles: number; doneBytes: number },
): Promise<void> {
  await db.prefetchJob.update({
    where: { id },
    data: { doneFiles: progress.doneFiles, doneBytes: BigInt(progress.doneBytes) },
  });
}

/**
 * Ends a running job: done, failed with a message, or handed back to the queue (`queued`). A job that
 * was canceled meanwhile stays canceled.
 */
export async function finishPrefetchJob(
  db: Db,
  id: string,
  outcome: { status: "done" } | { status: "failed"; error: string } | { status: "queued" },
): Promise<void> {
  await db.prefetchJob.updateMany({
    where: { id, status: "running" },
    data: { status: outcome.status, ...(outcome.status === "failed" ? { error: outcome.error } : {}) },
  });
}

/** Whether the job was canceled (through the REST API or the console): its worker stops between files. */
export async function isPrefetchJobCanceled(db: Db, id: string): Promise<boolean> {
  const row = await db.prefetchJob.findUnique({ where: { id }, select: { status: true } });
  return row === null || row.status === "canceled";
}

/**
 * Queues a job unless one for the same repo at the same revision is already queued, running or done in
 * that distribution (what an `immediate` remote asks for on each first sight of a repo). True if queued.
 * Concurrent first requests queue one job: the look and the insert run in one transaction that first
 * takes the distribution row's lock, so the others wait and then see the job.
 */
export async function queuePrefetchOnce(db: Db, request: PrefetchRequest): Promise<boolean> {
  const { distributionId, repoType, repoId, revision } = request;
  return db.$transaction(async (tx) => {
    // A write that changes nothing, for its row lock (PostgreSQL; SQLite's write transactions run one at
    // a time anyway). Not a serializable transaction: Prisma leaks the connection of a failed COMMIT.
    await tx.$executeRaw`UPDATE "Distribution" SET "name" = "name" WHERE "id" = ${distributionId}`;
    const existing = await tx.prefetchJob.findFirst({
      where: { distributionId, repoType, repoId, revision, status: { in: ["queued", "running", "done"] } },
      select: { id: true },
    });
    if (existing) return false;
    await tx.prefetchJob.create({ data: request, select: { id: true } });
    return true;
  });
}
