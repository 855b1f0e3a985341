import type { BlobStore } from "../cache/blob-store.ts";
import type { CacheIndex } from "../cache/cache-index.ts";
import { ApiService } from "./api.ts";
import { FileService, type FileServiceHooks } from "./files.ts";
import { RevisionCache } from "./revisions.ts";

export interface HubCacheOptions {
  index: CacheIndex;
  store: BlobStore;
  /** How long a branch or tag → commit resolution is trusted before asking upstream again. */
  revisionTtlMs: number;
  hooks?: FileServiceHooks;
  now?: () => number;
}

/** The cache engine: files and API answers of every tenant's remotes, over one index and one blob store. */
export class HubCache {
  readonly files: FileService;
  readonly api: ApiService;

  constructor(options: HubCacheOptions) {
    const revisions = new RevisionCache(options.index, options.revisionTtlMs, options.now);
    this.files = new FileService(options.index, options.store, revisions, options.hooks);
    this.api = new ApiService(options.index, revisions);
  }
}
