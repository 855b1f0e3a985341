import { FsBlobStore, type BlobStore } from "@hubcache/core";
import type { ContentConfig } from "./env.ts";
import type { Logger } from "./logger.ts";
import { S3BlobStore } from "./s3-blob-store.ts";

export interface OpenedStore {
  store: BlobStore;
  /** Removes what a stopped or killed process left (temp files, spool files, stray uploads); how many. */
  init(): Promise<number>;
  /** How young an unindexed blob may be and still be kept by recovery (another replica's new blob). */
  orphanGraceMs: number;
}

/** The blob store the configuration asks for: a local folder, or an S3-compatible bucket. */
export function openBlobStore(config: ContentConfig, logger: Logger): OpenedStore {
  if (config.objectStore) {
    const store = new S3BlobStore({
      ...config.objectStore,
      graceMs: config.blobGraceMs,
      // A purge or an eviction by another replica shows within the configuration refresh, as lookups do.
      smallBlobTtlMs: config.configRefreshMs,
      onError: (err, context) => logger.warn({ err, context }, "object store clean-up failed"),
    });
    return { store, init: () => store.init(), orphanGraceMs: config.objectStore.strayGraceMs };
  }
  const store = new FsBlobStore(config.storageDir, { graceMs: config.blobGraceMs });
  return { store, init: () => store.init(), orphanGraceMs: 0 };
}
