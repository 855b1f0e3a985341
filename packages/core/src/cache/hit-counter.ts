import { WriteBuffer } from "../background/write-buffer.ts";
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
  private readonly buffer: WriteBuffer<PendingHits>;

  constructor(index: CacheIndex, flushMs: number, onError: (error: unknown) => void = () => undefined) {
    this.buffer = new WriteBuffer<PendingHits>({
      name: "hit counts",
      flushMs,
      keyOf: ({ repo, commit, path }) => [repo.remoteId, repo.repoType, repo.repoId, commit, path].join("\n"),
      merge: (into, from) => {
        into.hits += from.hits;
        if (from.at > into.at) into.at = from.at;
      },
      write: ({ repo, commit, path, hits, at }) => index.recordFileHits(repo, commit, path, hits, at),
      onError,
    });
  }

  record(repo: RepoKey, commit: string, path: string): void {
    this.buffer.add({ repo, commit, path, hits: 1, at: new Date() });
  }

  /** Writes what was counted so far; rejects (keeping the counts) on failure. */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  close(): Promise<void> {
    return this.buffer.close();
  }
}
