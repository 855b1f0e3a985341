import type { BlobStore } from "@hubcache/core";
import { blobPage, dropBlobs, type Db } from "@hubcache/db";
import { createHash } from "node:crypto";

const PAGE = 200;

export interface ScrubReport {
  checked: number;
  checkedBytes: number;
  /** Blobs whose bytes did not hash to their digest: removed with every file on them. */
  corrupt: string[];
  /** Blobs whose bytes were missing or of the wrong size: removed from the index. */
  missing: string[];
  droppedFiles: number;
}

async function sha256Of(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Re-hashes every stored blob and removes those that do not match their digest (or are missing or cut
 * short), with the files on them: a later request fetches them again. `onBlob` hears of each result.
 */
export async function scrubStore(
  db: Db,
  store: BlobStore,
  onBlob: (digest: string, result: "ok" | "corrupt" | "missing") => void = () => undefined,
): Promise<ScrubReport> {
  const report: ScrubReport = { checked: 0, checkedBytes: 0, corrupt: [], missing: [], droppedFiles: 0 };
  let after: string | null = null;
  for (;;) {
    const page = await blobPage(db, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.digest;
    for (const blob of page) {
      report.checked++;
      let result: "ok" | "corrupt" | "missing";
      if ((await store.size(blob.digest)) !== blob.size) {
        result = "missing";
      } else {
        const end = blob.size - 1;
        const actual =
          end < 0 ? createHash("sha256").digest("hex") : await sha256Of(store.read(blob.digest, 0, end));
        result = actual === blob.digest ? "ok" : "corrupt";
        report.checkedBytes += blob.size;
      }
      onBlob(blob.digest, result);
      if (result === "ok") continue;
      report[result].push(blob.digest);
      report.droppedFiles += await dropBlobs(db, [blob.digest]);
      await store.delete(blob.digest);
    }
  }
  return report;
}
