import type { Db } from "@hubcache/db";
import { notFound, parseInput, refused } from "../errors.ts";
import { audit, changeableBy, visibleTo, type Actor } from "./access.ts";
import { prefetchInputSchema, type PrefetchJobView } from "../schemas.ts";

export type { PrefetchJobView } from "../schemas.ts";

type JobRow = Awaited<ReturnType<Db["prefetchJob"]["findFirstOrThrow"]>>;

export function prefetchJobView(row: JobRow): PrefetchJobView {
  return {
    ...row,
    status: row.status as PrefetchJobView["status"],
    totalBytes: Number(row.totalBytes),
    doneBytes: Number(row.doneBytes),
  };
}

/** Queues a whole repo at a revision to be fetched into the distribution's cache by the content server. */
/**
 * Queues a pre-fetch of a repo at a revision into a distribution (its team's admins and owners). With
 * `pin`, the repo is pinned at the commit the content server resolves before it fetches a file: the job
 * is created with its pin flag, so the content server can never claim it unpinned.
 */
export async function requestPrefetch(
  db: Db,
  actor: Actor,
  input: unknown,
  { pin = false }: { pin?: boolean } = {},
): Promise<PrefetchJobView> {
  const data = parseInput(prefetchInputSchema, input);
  const distribution = await db.distribution.findFirst({
    where: { id: data.distributionId, ...changeableBy(actor) },
    select: { id: true, teamId: true },
  });
  if (!distribution) {
    const visible = await db.distribution.findFirst({
      where: { id: data.distributionId, ...visibleTo(actor) },
    });
    if (visible) throw refused(403, "You do not have permission to pre-fetch into this distribution.");
    throw notFound("Distribution");
  }
  const row = await db.prefetchJob.create({
    data: {
      distributionId: distribution.id,
      repoType: data.repoType,
      repoId: data.repoId,
      revision: data.revision,
      requestedBy: actor.username,
      pin,
    },
  });
  await audit(db, actor, distribution.teamId, "cache.prefetch", data.repoId, data);
  return prefetchJobView(row);
}

/**
 * The latest jobs of the distributions the actor can see (optionally one distribution: another team's
 * does not exist, 404, as everywhere else).
 */
export async function listPrefetchJobs(
  db: Db,
  actor: Actor,
  distributionId?: string,
): Promise<PrefetchJobView[]> {
  if (
    distributionId !== undefined &&
    !(await db.distribution.findFirst({
      where: { id: distributionId, ...visibleTo(actor) },
      select: { id: true },
    }))
  ) {
    throw notFound("Distribution");
  }
  const rows = await db.prefetchJob.findMany({
    where: { distribution: visibleTo(actor), ...(distributionId ? { distributionId } : {}) },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return rows.map(prefetchJobView);
}

/** One job of a distribution the actor can see (another team's: 404, like an id that does not exist). */
export async function getPrefetchJob(db: Db, actor: Actor, id: string): Promise<PrefetchJobView> {
  const row = await db.prefetchJob.findFirst({ where: { id, distribution: visibleTo(actor) } });
  if (!row) throw notFound("Task");
  return prefetchJobView(row);
}

/** The jobs of the distributions the actor can see, newest first, a page at a time. */
export async function listPrefetchJobsPage(
  db: Db,
  actor: Actor,
  query: { limit: number; offset: number; distributionId?: string; statuses?: string[] },
): Promise<{ count: number; items: PrefetchJobView[] }> {
  const where = {
    distribution: visibleTo(actor),
    ...(query.distributionId ? { distributionId: query.distributionId } : {}),
    ...(query.statuses ? { status: { in: query.statuses } } : {}),
  };
  const [count, rows] = await Promise.all([
    db.prefetchJob.count({ where }),
    db.prefetchJob.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: query.offset,
      take: query.limit,
    }),
  ]);
  return { count, items: rows.map(prefetchJobView) };
}

/**
 * Cancels a queued or running job (admins and owners). A queued job is never started; a running one
 * stops after the file it is fetching (the files already fetched stay cached). A finished job: 409.
 */
export async function cancelPrefetchJob(db: Db, actor: Actor, id: string): Promise<PrefetchJobView> {
  const job = await getPrefetchJob(db, actor, id);
  const distribution = await db.distribution.findFirst({
    where: { id: job.distributionId, ...changeableBy(actor) },
    select: { teamId: true },
  });
  if (!distribution) throw refused(403, "You do not have permission to cancel this task.");
  const { count } = await db.prefetchJob.updateMany({
    where: { id, status: { in: ["queued", "running"] }, distribution: changeableBy(actor) },
    data: { status: "canceled" },
  });
  if (count === 0) {
    const now = await getPrefetchJob(db, actor, id);
    throw refused(409, `The task has already ${now.status === "done" ? "completed" : now.status}.`);
  }
  await audit(db, actor, distribution.teamId, "cache.prefetch.cancel", job.repoId, { id });
  return getPrefetchJob(db, actor, id);
}
