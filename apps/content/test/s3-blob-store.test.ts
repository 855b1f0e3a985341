import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { storageKeyOf } from "@hubcache/core";
import { createHash } from "node:crypto";
import { readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { S3BlobStore } from "../src/s3-blob-store.ts";
import { eventually } from "./harness.ts";
import { startTestS3, type TestS3 } from "./s3-server.ts";

/** The S3 store against s3rver: fills, verification, aborts, strays, reads, listing. */
let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3.close();
});

const MiB = 2 ** 20;
let prefixes = 0;

async function newStore(overrides: Partial<ConstructorParameters<typeof S3BlobStore>[0]> = {}) {
  const prefix = `unit-${++prefixes}`;
  const store = new S3BlobStore({ ...s3.config(prefix), partSize: 5 * MiB, ...overrides });
  await store.init();
  return { store, prefix };
}

function bytesOf(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) % 251;
  return bytes;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

async function writeAll(temp: { write(chunk: Uint8Array): Promise<void> }, bytes: Uint8Array) {
  for (let offset = 0; offset < bytes.length; offset += 256 * 1024) {
    await temp.write(bytes.subarray(offset, offset + 256 * 1024));
  }
}

const uploadsUnder = (prefix: string) =>
  [...s3.uploads.values()].filter((u) => u.key.startsWith(`${prefix}/`));
const streamed = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer()) as Uint8Array;

describe("S3 blob store", () => {
  test("a small blob is kept in memory once read, for its TTL, and forgotten when the store deletes it", async () => {
    let now = 0;
    const { store, prefix } = await newStore({ smallBlobTtlMs: 1_000, now: () => now });
    const bytes = bytesOf(1000, 7);
    const digest = sha256(bytes);
    const expected = new Uint8Array(bytes);
    const temp = await store.createTemp({ size: bytes.length, sha256: digest });
    await writeAll(temp, bytes);
    await temp.commit(digest);
    await temp.release();
    expect(await store.readSmall(digest, 1000)).toEqual(expected);
    expect(await store.readSmall(digest, 999)).toBeNull();
    // Gone from the bucket behind its back (another replica's purge): served from memory until the TTL.
    const other = new S3BlobStore({ ...s3.config(prefix) });
    await other.delete(digest);
    expect(await store.readSmall(digest, 1000)).toEqual(expected);
    now = 1_000;
    expect(await store.readSmall(digest, 1000)).toBeNull();
    // Deleted through this store: forgotten at once.
    const again = await store.createTemp({ size: bytes.length, sha256: digest });
    await writeAll(again, bytes);
    await again.commit(digest);
    await again.release();
    expect(await store.readSmall(digest, 1000)).toEqual(expected);
    await store.delete(digest);
    expect(await store.readSmall(digest, 1000)).toBeNull();
  });

  test("a fill with a known sha256 streams in parts to its final key and appears there only on commit", async () => {
    const { store, prefix } = await newStore();
    const bytes = bytesOf(12 * MiB, 1);
    const digest = sha256(bytes);
    const temp = await store.createTemp({ size: bytes.length, sha256: digest });
    await writeAll(temp, bytes);
    // Readers follow the writer: what was written reads back before anything is committed.
    expect(await temp.read(5 * MiB - 3, 6)).toEqual(bytes.subarray(5 * MiB - 3, 5 * MiB + 3));
    // Parts go out while the bytes arrive, under the final key, which does not exist yet.
    await eventually(async () =>
      expect(uploadsUnder(prefix).map((upload) => upload.key)).toEqual([`${prefix}/${storageKeyOf(digest)}`]),
    );
    expect(await store.size(digest)).toBeNull();
    expect(await temp.commit(digest)).toBe(storageKeyOf(digest));
    await temp.release();
    expect(await store.size(digest)).toBe(bytes.length);
    expect(uploadsUnder(prefix)).toEqual([]);
    expect(await s3.keys(`${prefix}/`)).toEqual([`${prefix}/${storageKeyOf(digest)}`]);
    expect(await readdir(store.options.spoolDir)).toEqual([]);
    // Range reads, across a part boundary, and the whole.
    expect(await streamed(store.read(digest, 5 * MiB - 10, 5 * MiB + 9))).toEqual(
      bytes.subarray(5 * MiB - 10, 5 * MiB + 10),
    );
    expect(sha256(await streamed(store.read(digest, 0, bytes.length - 1)))).toBe(digest);
  }, 30_000);

  test("a fill without a known sha256 goes through tmp/ and is copied into place; a small one is one PUT", async () => {
    const { store, prefix } = await newStore();
    const big = bytesOf(11 * MiB, 2);
    const temp = await store.createTemp({ size: big.length, sha256: null });
    await writeAll(temp, big);
    // Parts go out while the bytes arrive (the upload starts in the background), under tmp/.
    await eventually(async () => expect(uploadsUnder(prefix)[0]?.key).toStartWith(`${prefix}/tmp/`));
    await temp.commit(sha256(big));
    await temp.release();
    const small = new TextEncoder().encode("a regular file\n");
    const smallTemp = await store.createTemp({ size: small.length, sha256: null });
    await smallTemp.write(small);
    // No upload at all before the commit: the bytes are only in the spool.
    expect(uploadsUnder(prefix).length).toBe(0);
    await smallTemp.commit(sha256(small));
    await smallTemp.release();
    expect(await s3.keys(`${prefix}/`)).toEqual(
      [sha256(big), sha256(small)].map((digest) => `${prefix}/${storageKeyOf(digest)}`).sort(),
    );
    expect(await streamed(store.read(sha256(small), 2, 8))).toEqual(small.subarray(2, 9));
  }, 30_000);

  test("an aborted fill (failed verification) leaves no object, no upload and no spool file", async () => {
    const { store, prefix } = await newStore();
    for (const known of [true, false]) {
      const bytes = bytesOf(7 * MiB, 3);
      const temp = await store.createTemp({ size: bytes.length, sha256: known ? "ab".repeat(32) : null });
      await writeAll(temp, bytes);
      await temp.abort();
    }
    expect(uploadsUnder(prefix)).toEqual([]);
    expect(await s3.keys(`${prefix}/`)).toEqual([]);
    expect(await readdir(store.options.spoolDir)).toEqual([]);
  }, 30_000);

  test("a commit under another digest than announced is refused and completes nothing", async () => {
    const { store, prefix } = await newStore();
    const bytes = bytesOf(6 * MiB, 4);
    const announced = "cd".repeat(32);
    const temp = await store.createTemp({ size: bytes.length, sha256: announced });
    await writeAll(temp, bytes);
    await expect(temp.commit(sha256(bytes))).rejects.toThrow(/announced/);
    await temp.abort();
    expect(uploadsUnder(prefix)).toEqual([]);
    expect(await s3.keys(`${prefix}/`)).toEqual([]);
  }, 30_000);

  test("strays: uploads and temp objects older than the grace go, young ones and this process's own stay", async () => {
    const { store: dead, prefix } = await newStore();
    // A fill of a process that then died: its upload stays behind.
    const orphaned = await dead.createTemp({ size: 6 * MiB, sha256: "ef".repeat(32) });
    await writeAll(orphaned, bytesOf(6 * MiB, 5));
    await eventually(async () => expect(uploadsUnder(prefix).length).toBe(1));
    const replica = new S3BlobStore({
      ...s3.config(prefix),
      partSize: 5 * MiB,
      spoolDir: join(dead.options.spoolDir, "..", `r-${prefix}`),
    });
    // The replica's own fill in progress, as old as the stray will be.
    const own = await replica.createTemp({ size: 6 * MiB, sha256: "12".repeat(32) });
    await writeAll(own, bytesOf(6 * MiB, 6));
    await eventually(async () => expect(uploadsUnder(prefix).length).toBe(2));
    await replica.request("PUT", replica.key("tmp/young"), { body: "young" });
    await replica.request("PUT", replica.key("tmp/old"), { body: "old" });
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(s3.objectFile(replica.key("tmp/old")), hourAgo, hourAgo);
    expect(await replica.sweep()).toBe(1); // only the old temp object: both uploads are young
    for (const upload of s3.uploads.values()) upload.initiated = hourAgo;
    expect(await replica.sweep()).toBe(1); // the dead fill's upload; not the replica's own
    expect(uploadsUnder(prefix).map((upload) => upload.key)).toEqual([
      `${prefix}/${storageKeyOf("12".repeat(32))}`,
    ]);
    expect(await s3.keys(`${prefix}/tmp/`)).toEqual([`${prefix}/tmp/young`]);
    await own.abort();
    expect(uploadsUnder(prefix)).toEqual([]);
    await orphaned.abort(); // closes its files (its upload is gone already)
  }, 30_000);

  test("init empties the spool folder; list pages through every blob with its age", async () => {
    const { store, prefix } = await newStore({ listPageSize: 2, graceMs: 0 });
    await writeFile(join(store.options.spoolDir, "left-by-a-killed-process"), "x");
    expect(await store.init()).toBe(1);
    expect(await readdir(store.options.spoolDir)).toEqual([]);
    const digests: string[] = [];
    for (let i = 0; i < 5; i++) {
      const bytes = new TextEncoder().encode(`blob ${i}`);
      const temp = await store.createTemp({ size: bytes.length, sha256: sha256(bytes) });
      await temp.write(bytes);
      await temp.commit(sha256(bytes));
      await temp.release();
      digests.push(sha256(bytes));
    }
    // Not blobs: ignored by list.
    await store.request("PUT", store.key("sha256/zz/not-a-blob"), { body: "x" });
    const listed: string[] = [];
    for await (const entry of store.listWithAge()) {
      expect(Math.abs(entry.storedAtMs - Date.now())).toBeLessThan(60_000);
      listed.push(entry.digest);
    }
    expect(listed.sort()).toEqual(digests.sort());
    expect(await store.space()).toBeNull();
    expect(store.localPath()).toBeNull();
    // In-process leases, as on disk.
    const release = store.lease(digests[0]!);
    expect(await store.deleteIfUnused(digests[0]!)).toBe(false);
    release();
    expect(await store.deleteIfUnused(digests[0]!)).toBe(true);
    expect(await store.size(digests[0]!)).toBeNull();
    expect((await s3.keys(`${prefix}/sha256/`)).length).toBe(5);
  }, 30_000);
});
