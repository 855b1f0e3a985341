import type { BlobStore } from "@hubcache/core";
import { blobPage, dropBlobs, indexedDigests, type Db } from "@hubcache/db";

const PAGE = 500;

export interface RecoveryOptions {
  /** Unindexed blobs stored less than this long ago are kept (default 0: a store of this process only). */
  orphanGraceMs?: number;
  now?: () => number;
}

export interface RecoveryReport {
  /** Index rows of blobs whose bytes were missing or of the wrong size, dropped with their files. */
  droppedBlobs: number;
  droppedFiles: number;
  /** Stored blobs no index row referred to, deleted. */
  orphanBlobs: number;
}

/**
 * Brings the index and the store back in line after a crash (run at start, before serving, after the
 * store removed its temp files): blob rows whose bytes are missing or incomplete go, with every file on
 * them; stored bytes no blob row refers to go. Blobs are only ever renamed into place complete and
 * verified, so a size check finds what a crash can leave; `scrub` re-hashes for what a disk can do.
 * A store shared with other content servers may hold a blob another one has just committed and not yet
 * indexed: unindexed blobs younger than `orphanGraceMs` are left alone.
 */
export async function recoverStore(
  db: Db,
  store: BlobStore,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  const orphanGraceMs = options.orphanGraceMs ?? 0;
  const now = options.now ?? Date.now;
  const report: RecoveryReport = { droppedBlobs: 0, droppedFiles: 0, orphanBlobs: 0 };
  let after: string | null = null;
  for (;;) {
    const page = await blobPage(db, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.digest;
    const broken: string[] = [];
    for (const blob of page) {
      if ((await store.size(blob.digest)) !== blob.size) broken.push(blob.digest);
    }
    report.droppedFiles += await dropBlobs(db, broken);
    report.droppedBlobs += broken.length;
    for (const digest of broken) await store.delete(digest);
  }
  let batch: string[] = [];
  const sweep = async () => {
    const known = await indexedDigests(db, batch);
    for (const digest of batch) {
      if (known.has(digest)) continue;
      await store.delete(digest);
      report.orphanBlobs++;
    }
    batch = [];
  };
  for await (const { digest, storedAtMs } of store.listWithAge()) {
    if (orphanGraceMs > 0 && storedAtMs > now() - orphanGraceMs) continue;
    batch.push(digest);
    if (batch.length >= PAGE) await sweep();
  }
  if (batch.length > 0) await sweep();
  return report;
}
