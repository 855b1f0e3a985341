import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsBlobStore, storageKeyOf } from "./fs-blob-store.ts";
import { returnCopy } from "./lent-copies.ts";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "hubcache-store-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function put(store: FsBlobStore, text: string): Promise<string> {
  const temp = await store.createTemp();
  await temp.write(Buffer.from(text));
  const digest = sha256(text);
  await temp.commit(digest);
  await temp.release();
  return digest;
}

describe("FsBlobStore", () => {
  it("keeps small blobs in memory once read, never a wrong size or a big one, and forgets a deleted one", async () => {
    const store = new FsBlobStore(root, { graceMs: 0 });
    await store.init();
    const digest = await put(store, "config");
    expect(Buffer.from((await store.readSmall(digest, 6))!).toString()).toBe("config");
    expect(await store.readSmall(digest, 7)).toBeNull();
    // Read once, it is answered from memory: the file is not read again.
    await rm(store.localPath(digest));
    expect(Buffer.from((await store.readSmall(digest, 6))!).toString()).toBe("config");
    // Deleting through the store forgets it at once.
    expect(await store.deleteIfUnused(digest)).toBe(true);
    expect(await store.readSmall(digest, 6)).toBeNull();
    const big = "x".repeat(300 * 1024);
    const bigDigest = await put(store, big);
    expect(await store.readSmall(bigDigest, big.length)).toBeNull();
  });

  it("removes every temp file at init (fills and deletions a killed process left)", async () => {
    await mkdir(join(root, "tmp"), { recursive: true });
    await writeFile(join(root, "tmp", "123-abc"), "half a file");
    await writeFile(join(root, "tmp", "deleted-x"), "being deleted");
    const store = new FsBlobStore(root);
    expect(await store.init()).toBe(2);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("keeps its bytes private: folders it creates are 0700 and blobs 0600, whatever the umask", async () => {
    const previous = process.umask(0o022);
    try {
      const store = new FsBlobStore(join(root, "data", "blobs"));
      await store.init();
      const digest = await put(store, "a private repo's bytes");
      const mode = async (path: string) => (await stat(path)).mode & 0o777;
      const blob = store.localPath(digest);
      expect(await mode(blob)).toBe(0o600);
      for (const dir of [join(blob, ".."), join(blob, "..", ".."), join(root, "data", "blobs", "tmp")]) {
        expect(await mode(dir)).toBe(0o700);
      }
      // the data folder it made on its way, too
      expect(await mode(join(root, "data"))).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it("lists stored digests, ignoring anything that is not a blob", async () => {
    const store = new FsBlobStore(root);
    await store.init();
    const a = await put(store, "a");
    const b = await put(store, "b");
    await writeFile(join(root, "sha256", "stray"), "x");
    await mkdir(join(root, storageKeyOf(a), "..", ".."), { recursive: true });
    await writeFile(join(root, storageKeyOf(a), "..", "not-a-digest"), "x");
    const listed: string[] = [];
    for await (const digest of store.list()) listed.push(digest);
    expect(listed.sort()).toEqual([a, b].sort());
  });

  it("deletes an unused blob, and keeps a leased or just-touched one", async () => {
    const store = new FsBlobStore(root, { graceMs: 60_000 });
    await store.init();
    const a = await put(store, "a");
    const b = await put(store, "b");
    const c = await put(store, "c");
    const release = store.lease(a);
    store.touch(b);
    expect(await store.deleteIfUnused(a)).toBe(false);
    expect(await store.deleteIfUnused(b)).toBe(false);
    expect(await store.deleteIfUnused(c)).toBe(true);
    expect(await store.size(a)).toBe(1);
    expect(await store.size(b)).toBe(1);
    expect(await store.size(c)).toBeNull();
    release();
    // Released, it is still in its grace period (a zero-copy reader may be opening it).
    expect(store.inUse(a)).toBe(true);
    expect(await store.deleteIfUnused("f".repeat(64))).toBe(true);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("keeps reading a blob a reader opened before it was deleted", async () => {
    const store = new FsBlobStore(root, { graceMs: 0 });
    await store.init();
    const text = "x".repeat(1_000_000);
    const digest = await put(store, text);
    const reader = store.read(digest, 0, text.length - 1).getReader();
    const first = await reader.read();
    expect(await store.deleteIfUnused(digest)).toBe(true);
    let length = first.value?.length ?? 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      length += value.length;
    }
    expect(length).toBe(text.length);
  });

  it("reports the file system's free and total bytes", async () => {
    const store = new FsBlobStore(root);
    await store.init();
    const space = await store.space();
    expect(space.totalBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeLessThanOrEqual(space.totalBytes);
  });

  it("is ready while its root is a writable directory, and says why not otherwise", async () => {
    const store = new FsBlobStore(join(root, "blobs"));
    await store.init();
    await expect(store.ready()).resolves.toBeUndefined();
    await rm(join(root, "blobs"), { recursive: true });
    await expect(store.ready()).rejects.toMatchObject({ code: "ENOENT" });
    await writeFile(join(root, "blobs"), "a file where the folder was");
    await expect(store.ready()).rejects.toMatchObject({ code: "ENOTDIR" });
    if (process.getuid?.() !== 0) {
      // (root may write anywhere: the mode only tells for another user)
      await rm(join(root, "blobs"));
      await mkdir(join(root, "blobs"), { mode: 0o500 });
      await expect(store.ready()).rejects.toMatchObject({ code: "EACCES" });
    }
  });

  it("reads a temp file back into lent bytes: one handed back is read into again", async () => {
    const store = new FsBlobStore(join(root, "blobs"));
    await store.init();
    const temp = await store.createTemp();
    const bytes = Buffer.alloc(512 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 251;
    await temp.write(bytes);
    const first = await temp.read(0, 256 * 1024);
    expect(Buffer.from(first).equals(bytes.subarray(0, 256 * 1024))).toBe(true);
    returnCopy(first);
    const second = await temp.read(256 * 1024, 256 * 1024);
    expect(second.buffer).toBe(first.buffer);
    expect(Buffer.from(second).equals(bytes.subarray(256 * 1024))).toBe(true);
    returnCopy(second);
    await temp.abort();
  });
});
