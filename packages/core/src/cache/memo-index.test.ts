import { describe, expect, it } from "vitest";
import type { CachedFile } from "./cache-index.ts";
import { MemoryCacheIndex } from "./memory-index.ts";
import { MemoCacheIndex } from "./memo-index.ts";

const repo = { remoteId: "r", repoType: "model" as const, repoId: "org/x" };
const file: CachedFile = {
  commit: "c".repeat(40),
  path: "a.bin",
  blobDigest: "d".repeat(64),
  etag: '"e"',
  linkedEtag: null,
  size: 1,
  lfs: false,
};

/** The inner index, counting reads. */
function countingIndex() {
  const inner = new MemoryCacheIndex();
  const reads = { revisions: 0, files: 0 };
  const getRevision = inner.getRevision.bind(inner);
  const getFile = inner.getFile.bind(inner);
  inner.getRevision = (...args) => (reads.revisions++, getRevision(...args));
  inner.getFile = (...args) => (reads.files++, getFile(...args));
  return { inner, reads };
}

describe("MemoCacheIndex", () => {
  it("answers repeated hits from memory until the TTL passes", async () => {
    let now = 0;
    const { inner, reads } = countingIndex();
    const memo = new MemoCacheIndex(inner, 5000, () => now);
    await memo.putFile(repo, file, "key");
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(reads.files).toBe(1);
    now = 6000;
    await memo.getFile(repo, file.commit, file.path);
    expect(reads.files).toBe(2);
  });

  it("never remembers a miss, so a file stored by another process is found at once", async () => {
    const { inner, reads } = countingIndex();
    const memo = new MemoCacheIndex(inner, 5000);
    expect(await memo.getFile(repo, file.commit, file.path)).toBeNull();
    await inner.putFile(repo, file, "key");
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(reads.files).toBe(2);
  });

  it("writes revisions through and serves the new commit", async () => {
    const { inner, reads } = countingIndex();
    const memo = new MemoCacheIndex(inner, 5000);
    await memo.putRevision(repo, "main", "a".repeat(40));
    await memo.putRevision(repo, "main", "b".repeat(40));
    expect((await memo.getRevision(repo, "main"))?.commit).toBe("b".repeat(40));
    expect((await inner.getRevision(repo, "main"))?.commit).toBe("b".repeat(40));
    expect(reads.revisions).toBe(1);
  });

  it("keeps tenants apart", async () => {
    const memo = new MemoCacheIndex(new MemoryCacheIndex(), 5000);
    await memo.putFile(repo, file, "key");
    expect(await memo.getFile({ ...repo, remoteId: "other" }, file.commit, file.path)).toBeNull();
  });
});
