import { describe, expect, it } from "vitest";
import type { CachedFile } from "./cache-index.ts";
import { MemoryCacheIndex } from "./memory-index.ts";
import { MemoCacheIndex } from "./memo-index.ts";
import { AppError } from "../errors.ts";

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
    const memo = new MemoCacheIndex(inner, 5000, { now: () => now });
    await inner.putFile(repo, file, "key");
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(reads.files).toBe(1);
    now = 6000;
    await memo.getFile(repo, file.commit, file.path);
    expect(reads.files).toBe(2);
  });

  it("remembers a file it just stored", async () => {
    const { inner, reads } = countingIndex();
    const memo = new MemoCacheIndex(inner, 5000);
    await memo.putFile(repo, file, "key");
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(reads.files).toBe(0);
  });

  it("forgets what it remembered once rows were removed (a purge), so the next lookup reads the index", async () => {
    const { inner } = countingIndex();
    const memo = new MemoCacheIndex(inner, 60_000);
    await memo.putFile(repo, file, "key");
    await memo.putRevision(repo, "main", file.commit);
    inner.getFile = () => Promise.resolve(null);
    inner.getRevision = () => Promise.resolve(null);
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    memo.forget();
    expect(await memo.getFile(repo, file.commit, file.path)).toBeNull();
    expect(await memo.getRevision(repo, "main")).toBeNull();
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

  it("serves what it remembers, however old, while the index cannot be read; else a 503", async () => {
    let now = 0;
    const { inner } = countingIndex();
    const memo = new MemoCacheIndex(inner, 5000, { now: () => now });
    await memo.putFile(repo, file, "key");
    await memo.putRevision(repo, "main", file.commit);
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    const locked = () => Promise.reject(new Error("SQLITE_BUSY: database is locked"));
    inner.getFile = locked;
    inner.getRevision = locked;
    now = 60_000;
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect((await memo.getRevision(repo, "main"))?.commit).toBe(file.commit);
    const error = await memo.getFile(repo, file.commit, "never-seen.bin").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, message: expect.stringMatching(/unavailable/) });
    expect((error as Error).cause).toEqual(new Error("SQLITE_BUSY: database is locked"));
  });

  it("with a write-error reporter, writes behind: answers are remembered at once, failures reported", async () => {
    const { inner } = countingIndex();
    const errors: unknown[] = [];
    const memo = new MemoCacheIndex(inner, 5000, { onWriteError: (error) => errors.push(error) });
    inner.putRevision = () => Promise.reject(new Error("SQLITE_BUSY"));
    inner.putApiResponse = () => Promise.reject(new Error("SQLITE_BUSY"));
    await memo.putRevision(repo, "main", file.commit);
    const answer = { status: 200, headers: {}, body: "{}" };
    await memo.putApiResponse(repo, file.commit, "info", answer);
    await memo.settled();
    expect(errors).toHaveLength(2);
    expect((await memo.getRevision(repo, "main"))?.commit).toBe(file.commit);
    expect(await memo.getApiResponse(repo, file.commit, "info")).toEqual(answer);
    const strict = new MemoCacheIndex(inner, 5000);
    await expect(strict.putRevision(repo, "main", file.commit)).rejects.toThrow("SQLITE_BUSY");
  });

  it("with a write-error reporter, a write does not hold its caller: it lands by settled()", async () => {
    const { inner } = countingIndex();
    let release: () => void = () => undefined;
    const written: string[] = [];
    const slowWrite = inner.putRevision.bind(inner);
    inner.putRevision = async (...args) => {
      await new Promise<void>((resolve) => (release = resolve));
      await slowWrite(...args);
      written.push(args[1]);
    };
    const memo = new MemoCacheIndex(inner, 5000, { onWriteError: () => undefined });
    await memo.putRevision(repo, "main", file.commit);
    expect((await memo.getRevision(repo, "main"))?.commit).toBe(file.commit);
    expect(written).toEqual([]);
    const settled = memo.settled();
    release();
    await settled;
    expect(written).toEqual(["main"]);
  });

  it("with slowReadMs, answers from memory when the index does not answer in time; one read per key at a time", async () => {
    let now = 0;
    const { inner } = countingIndex();
    const memo = new MemoCacheIndex(inner, 5000, { now: () => now, slowReadMs: 50 });
    await memo.putFile(repo, file, "key");
    // The database stops answering (a partition): reads neither succeed nor fail.
    const pending: ((found: CachedFile | null) => void)[] = [];
    inner.getFile = () => new Promise((resolve) => pending.push(resolve));
    now = 60_000;
    let started = performance.now();
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45); // waited for the index, briefly
    // Seen stalled: the next lookups with an answer remembered do not wait at all.
    started = performance.now();
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(file);
    expect(performance.now() - started).toBeLessThan(40);
    expect(pending).toHaveLength(1);
    // Nothing remembered: the lookup waits for the index (its own timeouts end the wait).
    const unknown = memo.getFile(repo, file.commit, "never-seen.bin");
    const outcome = await Promise.race([
      unknown,
      new Promise((resolve) => setTimeout(resolve, 100, "waiting")),
    ]);
    expect(outcome).toBe("waiting");
    expect(pending).toHaveLength(2);
    // The late answer still refreshes the memo.
    const moved = { ...file, etag: '"moved"' };
    pending[0]!(moved);
    pending[1]!(null);
    expect(await unknown).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await memo.getFile(repo, file.commit, file.path)).toEqual(moved);
    expect(pending).toHaveLength(2);
  });
});
