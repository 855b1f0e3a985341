import type { Db } from "@hubcache/db";
import { ApiError, notFound, parseInput } from "../errors.ts";
import { audit, changeableBy, visibleTo, type Actor } from "./access.ts";
import { prefetchInputSchema } from "../schemas.ts";

export interface PrefetchJobView {
  id: string;
  distributionId: string;
  repoType: string;
  repoId: string;
  revision: string;
  status: "queued" | "running" | "done" | "failed";
  commit: string | null;
  totalFiles: number;
  doneFiles: number;
  totalBytes: number;
  doneBytes: number;
  error: string | null;
  requestedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

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
export async function requestPrefetch(db: Db, actor: Actor, input: unknown): Promise<PrefetchJobView> {
  const data = parseInput(prefetchInputSchema, input);
  const distribution = await db.distribution.findFirst({
    where: { id: data.distributionId, ...changeableBy(actor) },
    select: { id: true, teamId: true },
  });
  if (!distribution) {
    const visible = await db.distribution.findFirst({
      where: { id: data.distributionId, ...visibleTo(actor) },
    });
    if (visible) throw new ApiError(403, "You do not have permission to pre-fetch into this distribution.");
    throw notFound("Distribution");
  }
  const row = await db.prefetchJob.create({
    data: {
      distributionId: distribution.id,
      repoType: data.repoType,
      repoId: data.repoId,
      revision: data.revision,
      requestedBy: actor.username,
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
