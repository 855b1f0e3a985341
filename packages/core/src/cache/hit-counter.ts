import type { CacheIndex, RepoKey } from "./cache-index.ts";

/**
 * Counts cache hits in memory and writes them to the index every `flushMs`, so that serving a cached file
 * costs no database write before its first byte.
 */
export class HitCounter {
  private pending = new Map<
    string,
    { repo: RepoKey; commit: string; path: string; hits: number; at: Date }
  >();
  private readonly timer: ReturnType<typeof setInterval>;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly index: CacheIndex,
    flushMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref?.();
  }

  record(repo: RepoKey, commit: string, path: string): void {
    const key = [repo.remoteId, repo.repoType, repo.repoId, commit, path].join("\n");
    const entry = this.pending.get(key);
    if (entry) {
      entry.hits++;
      entry.at = new Date();
    } else {
      this.pending.set(key, { repo, commit, path, hits: 1, at: new Date() });
    }
  }

  /** Writes what was counted so far; flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      this.pending = new Map();
      for (const { repo, commit, path, hits, at } of batch.values()) {
        await this.index.recordFileHits(repo, commit, path, hits, at).catch(this.onError);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
