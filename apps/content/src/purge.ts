import { BackgroundLoop, type BackgroundLoopOptions } from "@hubcache/core";
import {
  auditPurge,
  claimNextPurgeJob,
  finishPurgeJob,
  purgeIndex,
  purgeTargetOf,
  requeueStalePurgeJobs,
  type Db,
} from "@hubcache/db";
import type { CapacityManager } from "./capacity.ts";
import type { Logger } from "./logger.ts";

/** A running purge untouched this long lost its server (purges take seconds). */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * Carries out the purges queued from the console and the REST API: the content server owns the bytes,
 * so only it deletes them. Index rows go first (nothing leads to the bytes any more), then the blobs no
 * file of any team refers to; the result is written on the job and in the team's audit log.
 */
export class PurgeWorker {
  private readonly loop: BackgroundLoop;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly capacity: CapacityManager,
    pollMs: number,
    onError: BackgroundLoopOptions["onError"],
    private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop({
      name: "purge queue",
      intervalMs: pollMs,
      run: () => this.drain(),
      onError,
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
  }

  private async drain(): Promise<void> {
    await requeueStalePurgeJobs(this.db, new Date(Date.now() - STALE_AFTER_MS));
    while (!this.stopping) {
      const job = await claimNextPurgeJob(this.db);
      if (!job) return;
      try {
        const target = await purgeTargetOf(this.db, job.distributionId);
        if (!target) throw new Error("The distribution no longer exists.");
        const purged = await purgeIndex(this.db, {
          remoteId: target.remoteId,
          repoType: job.repoType,
          repoId: job.repoId,
          commit: job.commit,
          path: job.path,
        });
        const blobs = await this.capacity.removeBlobs(purged.unreferenced);
        const result = { files: purged.files, blobs, bytes: purged.bytes };
        await finishPurgeJob(this.db, job.id, { status: "done", ...result });
        await auditPurge(this.db, job, target.teamId, result);
        this.logger.info({ job: job.id, repo: job.repoId, ...result }, "purge done");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn({ job: job.id, repo: job.repoId, err: message }, "purge failed");
        await finishPurgeJob(this.db, job.id, { status: "failed", error: message });
      }
    }
  }
}
