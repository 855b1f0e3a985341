import type { RepoRef } from "@hubcache/core";
import type { PrefetchRequest } from "@hubcache/db";
import type { DistributionConfig } from "./distributions.ts";
import type { Logger } from "./logger.ts";

const MAX_REMEMBERED = 10_000;

/**
 * `immediate` remotes fetch everything up front, as in Pulp: the first request for a repo at a commit
 * queues a pre-fetch of the whole snapshot (a job like any other, shown in the console). Off the request
 * path: the request is served as usual meanwhile.
 */
export class ImmediatePrefetcher {
  private readonly seen = new Set<string>();

  constructor(
    private readonly queue: (request: PrefetchRequest) => Promise<boolean>,
    private readonly logger: Logger,
    private readonly onError: (error: unknown) => void,
  ) {}

  repoRequested(distribution: DistributionConfig, repo: RepoRef, commit: string): void {
    if (distribution.remote.policy !== "immediate") return;
    const key = [distribution.id, repo.type, repo.id, commit].join("\n");
    if (this.seen.has(key)) return;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(key);
    const request: PrefetchRequest = {
      distributionId: distribution.id,
      repoType: repo.type,
      repoId: repo.id,
      revision: commit,
      requestedBy: "immediate policy",
    };
    this.queue(request).then(
      (queued) => {
        if (queued)
          this.logger.info({ repo: repo.id, commit }, "immediate remote: snapshot pre-fetch queued");
      },
      (error: unknown) => {
        this.seen.delete(key); // asked again on the next request
        this.onError(error);
      },
    );
  }
}
