import { type BackgroundLoopOptions, type HubCache, type RemoteContext, type RepoRef } from "@hubcache/core";
import {
  claimNextPrefetchJob,
  finishPrefetchJob,
  isPrefetchJobCanceled,
  pinRepo,
  recordPrefetchPlan,
  recordPrefetchProgress,
  requeueStalePrefetchJobs,
  touchPrefetchJob,
  touchRepoFiles,
  type Db,
  type PrefetchJobRow,
} from "@hubcache/db";
import type { DistributionRegistry } from "./distributions.ts";
import { Canceled, JobQueueWorker, ShuttingDown } from "./job-queue.ts";
import type { Logger } from "./logger.ts";

/** Tree answers are fetched for internal use only: their links are never shown to anyone. */
const INTERNAL_BASE = "http://prefetch.invalid";
/** A running job's row is touched this often; one untouched for STALE_AFTER_MS lost its worker. */
const HEARTBEAT_MS = 15_000;
const STALE_AFTER_MS = 60_000;

interface TreeEntry {
  type: string;
  path: string;
  size?: number;
}

/**
 * Runs the console's pre-fetch jobs: a whole repo at a revision, file by file, through the same cache
 * engine as client downloads (single-flight, verified, stored), recording progress as it goes. Jobs are
 * claimed atomically, so several content servers can share one queue.
 */
export class PrefetchWorker {
  private readonly queue: JobQueueWorker<PrefetchJobRow, void>;

  constructor(
    private readonly db: Db,
    private readonly cache: HubCache,
    private readonly registry: DistributionRegistry,
    pollMs: number,
    onError: BackgroundLoopOptions["onError"],
    logger: Logger,
  ) {
    this.queue = new JobQueueWorker({
      name: "pre-fetch",
      pollMs,
      onError,
      logger,
      staleAfterMs: STALE_AFTER_MS,
      heartbeatMs: HEARTBEAT_MS,
      requeueStale: (before) => requeueStalePrefetchJobs(db, before),
      claimNext: () => claimNextPrefetchJob(db),
      touch: (job) => touchPrefetchJob(db, job.id),
      run: (job, stopping) => this.run(job, stopping),
      finish: (job, outcome) =>
        finishPrefetchJob(db, job.id, outcome.status === "done" ? { status: "done" } : outcome),
      describe: (job) => ({ job: job.id, repo: job.repoId }),
    });
  }

  start(): void {
    this.queue.start();
  }

  /** Stops polling; a job in progress stops after its current file and is queued again for later. */
  stop(): Promise<void> {
    return this.queue.stop();
  }

  private async run(job: PrefetchJobRow, stopping: () => boolean): Promise<void> {
    const distribution = await this.registry.byId(job.distributionId);
    if (!distribution) throw new Error("The distribution no longer exists.");
    const { remote } = distribution;
    // A pre-fetch always keeps what it fetches, whatever the remote's policy.
    const ctx: RemoteContext = {
      remoteId: remote.id,
      policy: "on_demand",
      upstream: this.registry.upstreamFor(remote),
    };
    const repo: RepoRef = { type: job.repoType as RepoRef["type"], id: job.repoId };
    const commit = await this.cache.api.commitOf(ctx, repo, job.revision);
    // Pinned before the first file is fetched, so the job's own files never evict each other.
    if (job.pin) {
      await pinRepo(this.db, {
        remoteId: remote.id,
        repoType: repo.type,
        repoId: repo.id,
        commit,
        createdBy: job.requestedBy,
      });
    }
    const files = await this.listFiles(ctx, repo, commit);
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    await recordPrefetchPlan(this.db, job.id, { commit, totalFiles: files.length, totalBytes });
    let doneFiles = 0;
    let doneBytes = 0;
    for (const entry of files) {
      if (stopping()) throw new ShuttingDown();
      if (await isPrefetchJobCanceled(this.db, job.id)) throw new Canceled();
      const file = await this.cache.files.resolve(ctx, repo, commit, entry.path);
      if (file.source !== "cache" && file.meta.size > 0) await drain(await file.open(0, file.meta.size - 1));
      doneFiles++;
      doneBytes += file.meta.size;
      await recordPrefetchProgress(this.db, job.id, { doneFiles, doneBytes });
    }
    // A pre-fetch is a use: files that were already cached become the most recently used.
    await touchRepoFiles(
      this.db,
      { remoteId: remote.id, repoType: repo.type, repoId: repo.id, commit },
      new Date(),
    );
  }

  /** Every file of the repo at the commit, following the tree's pages. */
  private async listFiles(
    ctx: RemoteContext,
    repo: RepoRef,
    commit: string,
  ): Promise<Array<{ path: string; size: number }>> {
    const files: Array<{ path: string; size: number }> = [];
    let search = "?recursive=true";
    for (;;) {
      const answer = await this.cache.api.tree(ctx, repo, commit, "", search, INTERNAL_BASE);
      const entries = JSON.parse(String(answer.body)) as TreeEntry[];
      for (const entry of entries) {
        if (entry.type === "file") files.push({ path: entry.path, size: entry.size ?? 0 });
      }
      const next = /<([^>]+)>;\s*rel="next"/.exec(answer.headers.link ?? "")?.[1];
      if (!next) return files;
      search = new URL(next).search;
    }
  }
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {
    // The bytes go to the cache; nothing to keep here.
  }
}
