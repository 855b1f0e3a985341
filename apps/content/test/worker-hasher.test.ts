import { StreamingDigest, type ContentHasher, type ExpectedContent } from "@hubcache/core";
import { afterEach, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { HashWorker } from "../src/worker-hasher.ts";

const pools: HashWorker[] = [];
const errors: unknown[] = [];

function pool(options: Partial<ConstructorParameters<typeof HashWorker>[0]> = {}): HashWorker {
  const created = new HashWorker({
    minBytes: 0,
    batchBytes: 64,
    maxBehind: 4,
    retryMs: 0,
    onError: (error) => errors.push(error),
    ...options,
  });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  errors.length = 0;
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const gitSha1 = (bytes: Uint8Array) =>
  createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
/** An LFS file's expectation (its ETag a sha256: no git sha1 is computed). */
const lfs = (bytes: Uint8Array): ExpectedContent => ({ size: bytes.length, etag: `"${sha256(bytes)}"` });
/** A regular file's (its ETag the git blob sha1). */
const regular = (bytes: Uint8Array): ExpectedContent => ({ size: bytes.length, etag: `"${gitSha1(bytes)}"` });

/** Feeds `bytes` in chunks of the given sizes, in turn, waiting whenever the hasher asks to. */
async function feed(hasher: ContentHasher, bytes: Uint8Array, chunkSizes: number[]): Promise<void> {
  for (let offset = 0, turn = 0; offset < bytes.length; turn++) {
    const size = chunkSizes[turn % chunkSizes.length] ?? 1;
    await hasher.update(bytes.subarray(offset, offset + size));
    offset += size;
  }
}

test("digests match hashing on this thread, whatever the chunks and the batch boundaries", async () => {
  const hashing = pool();
  for (const length of [0, 1, 63, 64, 65, 1000, 4096 + 7]) {
    const bytes = new Uint8Array(randomBytes(length));
    for (const chunks of [[1], [7, 64, 3], [64], [500]]) {
      for (const expected of [lfs(bytes), regular(bytes)]) {
        const hasher = hashing.hasherFor(expected);
        expect(hasher).not.toBeInstanceOf(StreamingDigest);
        await feed(hasher, bytes, chunks);
        const inline = new StreamingDigest(expected);
        inline.update(bytes);
        expect(await hasher.finish()).toEqual(inline.finish());
      }
    }
  }
  expect(errors).toEqual([]);
});

test("fills hashed at the same time keep their own digests", async () => {
  const hashing = pool();
  const files = [1, 2, 3].map(() => new Uint8Array(randomBytes(3000)));
  const hashers = files.map((bytes) => hashing.hasherFor(lfs(bytes)));
  // Interleaved, as concurrent downloads are.
  for (let offset = 0; offset < 3000; offset += 100) {
    for (const [n, hasher] of hashers.entries())
      await hasher.update(files[n]!.subarray(offset, offset + 100));
  }
  const results = await Promise.all(hashers.map((hasher) => hasher.finish()));
  expect(results.map((r) => r.sha256)).toEqual(files.map(sha256));
  expect(results.map((r) => r.size)).toEqual([3000, 3000, 3000]);
});

test("a small file is hashed on the calling thread", () => {
  const hashing = pool({ minBytes: 1024 });
  expect(hashing.hasherFor({ size: 1023, etag: '"x"' })).toBeInstanceOf(StreamingDigest);
  expect(hashing.hasherFor({ size: 1024, etag: '"x"' })).not.toBeInstanceOf(StreamingDigest);
});

test("a download waits once the hashing thread is maxBehind batches behind, then goes on", async () => {
  const hashing = pool({ batchBytes: 16, maxBehind: 2 });
  const bytes = new Uint8Array(randomBytes(16 * 3));
  const hasher = hashing.hasherFor(lfs(bytes));
  // Three batches posted in one go: the first is still in the thread when the second fills.
  expect(hasher.update(bytes.subarray(0, 16))).toBeUndefined();
  const waited = hasher.update(bytes.subarray(16, 48));
  expect(waited).toBeInstanceOf(Promise);
  await waited;
  expect((await hasher.finish()).sha256).toBe(sha256(bytes));
});

test("a hashing thread that dies fails the fills it was hashing, is reported, fills are hashed inline for retryMs, then on a new thread", async () => {
  let now = 1_000;
  const hashing = pool({ retryMs: 30_000, now: () => now });
  const bytes = new Uint8Array(randomBytes(1000));
  const doomed = hashing.hasherFor(lfs(bytes));
  await doomed.update(bytes.subarray(0, 500));
  // A message the thread cannot handle: it throws and exits.
  hashing.post(1, { kind: "data", job: 0, bytes: null as unknown as Uint8Array });
  await expect(doomed.finish()).rejects.toThrow(/hashing thread/);
  expect(errors.length).toBe(1);
  now += 29_999;
  expect(hashing.hasherFor(lfs(bytes))).toBeInstanceOf(StreamingDigest);
  now += 1;
  const next = hashing.hasherFor(lfs(bytes));
  expect(next).not.toBeInstanceOf(StreamingDigest);
  await feed(next, bytes, [100]);
  expect((await next.finish()).sha256).toBe(sha256(bytes));
});

test("after close, fills still hashing fail and new ones hash on the calling thread", async () => {
  const hashing = pool();
  const bytes = new Uint8Array(randomBytes(1000));
  const running = hashing.hasherFor(lfs(bytes));
  await running.update(bytes.subarray(0, 100));
  await hashing.close();
  await expect(Promise.resolve().then(() => running.finish())).rejects.toThrow(/hashing thread/);
  expect(hashing.hasherFor(lfs(bytes))).toBeInstanceOf(StreamingDigest);
  expect(errors).toEqual([]);
});

test("an aborted fill leaves nothing behind: the next fills' digests are right", async () => {
  const hashing = pool();
  const bytes = new Uint8Array(randomBytes(2000));
  const aborted = hashing.hasherFor(lfs(bytes));
  await aborted.update(bytes.subarray(0, 1000));
  aborted.abort();
  const next = hashing.hasherFor(lfs(bytes));
  await feed(next, bytes, [333]);
  expect((await next.finish()).sha256).toBe(sha256(bytes));
});

test("a fill begun on a thread that stopped fails, even once a new thread runs", async () => {
  const hashing = pool({ retryMs: 0 });
  const bytes = new Uint8Array(randomBytes(1000));
  const doomed = hashing.hasherFor(lfs(bytes));
  await doomed.update(bytes.subarray(0, 10));
  hashing.post(1, { kind: "data", job: 0, bytes: null as unknown as Uint8Array });
  await Bun.sleep(100);
  const next = hashing.hasherFor(lfs(bytes));
  await feed(next, bytes, [100]);
  // Its bytes would go to the new thread, which never heard of it: it must fail, not wait for ever.
  await expect(doomed.finish()).rejects.toThrow(/hashing thread/);
  expect((await next.finish()).sha256).toBe(sha256(bytes));
});
