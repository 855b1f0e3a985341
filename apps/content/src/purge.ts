import type { BackgroundLoopOptions } from "@hubcache/core";
import {
  auditPurge,
  claimNextPurgeJob,
  finishPurgeJob,
  purgeIndex,
  purgeTargetOf,
  requeueStalePurgeJobs,
  type Db,
  type PurgeJobRow,
} from "@hubcache/db";
import type { CapacityManager } from "./capacity.ts";
import { JobQueueWorker } from "./job-queue.ts";
import type { Logger } from "./logger.ts";

/** A running purge untouched this long lost its server (purges take seconds). */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * Carries out the purges queued from the console and the REST API: the content server owns the bytes,
 * so only it deletes them. Index rows go first (nothing leads to the bytes any more), then the blobs no
 * file of any team refers to; the result is written on the job and in the team's audit log.
 */
export class PurgeWorker {
  private readonly queue: JobQueueWorker<PurgeJobRow, PurgeResult>;

  constructor(
    private readonly db: Db,
    private readonly capacity: CapacityManager,
    pollMs: number,
    onError: BackgroundLoopOptions["onError"],
    logger: Logger,
    /** Index rows were removed: lookups remembered in memory must be forgotten. */
    private readonly onFilesRemoved: () => void,
  ) {
    this.queue = new JobQueueWorker({
      name: "purge",
      pollMs,
      onError,
      logger,
      staleAfterMs: STALE_AFTER_MS,
      requeueStale: (before) => requeueStalePurgeJobs(db, before),
      claimNext: () => claimNextPurgeJob(db),
      run: (job) => this.run(job),
      finish: (job, outcome) =>
        finishPurgeJob(
          db,
          job.id,
          outcome.status === "done" ? { status: "done", ...outcome.result } : outcome,
        ),
      describe: (job) => ({ job: job.id, repo: job.repoId }),
    });
  }

  start(): void {
    this.queue.start();
  }

  stop(): Promise<void> {
    return this.queue.stop();
  }

  private async run(job: PurgeJobRow): Promise<PurgeResult> {
    const target = await purgeTargetOf(this.db, job.distributionId);
    if (!target) throw new Error("The distribution no longer exists.");
    const purged = await purgeIndex(this.db, {
      remoteId: target.remoteId,
      repoType: job.repoType,
      repoId: job.repoId,
      commit: job.commit,
      path: job.path,
    });
    this.onFilesRemoved();
    const blobs = await this.capacity.removeBlobs(purged.unreferenced);
    const result = { files: purged.files, blobs, bytes: purged.bytes };
    await auditPurge(this.db, job, target.teamId, result);
    return result;
  }
}

interface PurgeResult {
  files: number;
  blobs: number;
  bytes: number;
}
