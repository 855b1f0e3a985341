import { BackgroundLoop } from "../background/loop.ts";
import type { CacheIndex, RepoKey } from "./cache-index.ts";

interface PendingHits {
  repo: RepoKey;
  commit: string;
  path: string;
  hits: number;
  at: Date;
}

/**
 * Counts cache hits in memory and writes them to the index every `flushMs`, so that serving a cached file
 * costs no database write before its first byte. Counts that cannot be written (the database is locked
 * or down) are kept and written by a later flush.
 */
export class HitCounter {
  private pending = new Map<string, PendingHits>();
  private readonly loop: BackgroundLoop;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly index: CacheIndex,
    flushMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.loop = new BackgroundLoop({
      name: "hit counts",
      intervalMs: flushMs,
      run: () => this.flush(),
      onError: (error) => this.onError(error),
    });
    this.loop.start();
  }

  record(repo: RepoKey, commit: string, path: string): void {
    this.add({ repo, commit, path, hits: 1, at: new Date() });
  }

  private add(entry: PendingHits): void {
    const key = [entry.repo.remoteId, entry.repo.repoType, entry.repo.repoId, entry.commit, entry.path].join(
      "\n",
    );
    const existing = this.pending.get(key);
    if (existing) {
      existing.hits += entry.hits;
      if (entry.at > existing.at) existing.at = entry.at;
    } else {
      this.pending.set(key, { ...entry });
    }
  }

  /** Writes what was counted so far; flushes never overlap. Rejects (keeping the counts) on failure. */
  flush(): Promise<void> {
    const flush = this.flushing.then(async () => {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      let failure: unknown = null;
      for (const entry of batch) {
        try {
          await this.index.recordFileHits(entry.repo, entry.commit, entry.path, entry.hits, entry.at);
        } catch (error) {
          failure ??= error;
          this.add(entry);
        }
      }
      if (failure !== null) throw failure;
    });
    this.flushing = flush.catch(() => undefined);
    return flush;
  }

  /** Stops flushing on a timer and makes one last attempt (a failure is reported, not thrown). */
  async close(): Promise<void> {
    await this.loop.stop();
    await this.flush().catch(this.onError);
  }
}
