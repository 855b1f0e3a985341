import type { BlobStore } from "../cache/blob-store.ts";
import type { CacheIndex } from "../cache/cache-index.ts";
import { HitCounter } from "../cache/hit-counter.ts";
import { ApiService } from "./api.ts";
import { FileService, type FileServiceHooks } from "./files.ts";
import { RevisionCache } from "./revisions.ts";

export interface HubCacheOptions {
  index: CacheIndex;
  store: BlobStore;
  /** How long a branch or tag → commit resolution is trusted before asking upstream again. */
  revisionTtlMs: number;
  hooks?: FileServiceHooks;
  /** How often hit counts are written to the index (they are kept off the request path). */
  hitFlushMs?: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** The cache engine: files and API answers of every tenant's remotes, over one index and one blob store. */
export class HubCache {
  readonly files: FileService;
  readonly api: ApiService;
  private readonly hits: HitCounter;

  constructor(options: HubCacheOptions) {
    const revisions = new RevisionCache(options.index, options.revisionTtlMs, options.now);
    this.hits = new HitCounter(options.index, options.hitFlushMs ?? 2000, options.onError);
    this.files = new FileService(options.index, options.store, revisions, this.hits, options.hooks);
    this.api = new ApiService(options.index, revisions);
  }

  /** Cancels the downloads in flight (removing their temp files) and writes pending hit counts. */
  async close(): Promise<void> {
    await this.files.cancelDownloads();
    await this.hits.close();
  }
}
