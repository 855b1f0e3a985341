import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StreamingDigest, type ContentHasher, type ExpectedContent } from "./digest.ts";
import type { TempBlob } from "./blob-store.ts";
import { Download } from "./download.ts";
import { FsBlobStore } from "./fs-blob-store.ts";
import { descriptorsUnder } from "../test-support/open-descriptors.ts";

let root: string;
let store: FsBlobStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "hubcache-download-"));
  store = new FsBlobStore(root);
  await store.init();
});
afterEach(async () => {
  // Every path out of a Download closes the temp file's handles: one left to the collector makes Bun
  // throw an uncaught error (seen once in CI, from some test here).
  expect(descriptorsUnder(root)).toEqual([]);
  await rm(root, { recursive: true, force: true });
});

/** An upstream body whose chunks are released one at a time by the test (`next`), or that fails. */
function controlledBody(chunks: Uint8Array[]) {
  let permits = 0;
  let failWith: Error | null = null;
  let wake: () => void = () => undefined;
  const body = (async function* () {
    for (const chunk of chunks) {
      while (permits === 0 && !failWith) await new Promise<void>((resolve) => (wake = resolve));
      if (failWith) throw failWith;
      permits--;
      yield chunk;
    }
  })();
  return {
    body,
    next: () => {
      permits++;
      wake();
    },
    fail: (error: Error) => {
      failWith = error;
      wake();
    },
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Lets the upstream send `chunks` one at a time, reading each one's bytes through every follower before
 * the next is sent (readers keeping up with the writer); returns what each follower read.
 */
async function followInStep<Followers extends ReadableStreamDefaultReader<Uint8Array>[]>(
  upstream: { next(): void },
  followers: [...Followers],
  chunks: Uint8Array[],
): Promise<{ [I in keyof Followers]: Uint8Array[] }> {
  const followed = followers.map(() => [] as Uint8Array[]);
  const got = followers.map(() => 0);
  let sent = 0;
  for (const chunk of chunks) {
    upstream.next();
    sent += chunk.length;
    for (const [i, follower] of followers.entries()) {
      while (got[i]! < sent) {
        const { value } = await follower.read();
        followed[i]!.push(value!);
        got[i]! += value!.length;
      }
    }
  }
  return followed as { [I in keyof Followers]: Uint8Array[] };
}

const MiB = 1024 * 1024;

/**
 * A download of six 1 MiB upstream chunks, each its own buffer (as a socket read's), sent one at a time
 * by `upstream.next()`; into `temp` when given.
 */
async function sixChunkDownload(temp?: TempBlob) {
  const big = Array.from({ length: 6 }, (_, i) => Buffer.alloc(MiB, i + 1));
  const all = Buffer.concat(big);
  const upstream = controlledBody(big);
  const download = new Download(
    temp ?? (await store.createTemp()),
    store,
    { size: all.length, etag: sha256(all) },
    upstream.body,
  );
  return { big, all, upstream, download };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const tempFiles = async () => readdir(join(root, "tmp"));

describe("Download", () => {
  const parts = [Buffer.from("hello "), Buffer.from("wonderful "), Buffer.from("world")];
  const whole = Buffer.concat(parts);

  it("streams bytes to readers as they arrive, then stores the verified blob", async () => {
    const upstream = controlledBody(parts);
    const download = new Download(
      await store.createTemp(),
      store,
      { size: whole.length, etag: sha256(whole) },
      upstream.body,
    );
    const reader = download.stream(0, whole.length - 1).getReader();
    const firstRead = reader.read();
    upstream.next();
    expect(Buffer.from((await firstRead).value!).toString()).toBe("hello ");
    expect(download.bytesWritten).toBeLessThan(whole.length);
    await reader.cancel();

    upstream.next();
    upstream.next();
    const stored = await download.finished;
    expect(stored.digest).toBe(sha256(whole));
    expect(await readFile(store.localPath(stored.digest))).toEqual(whole);
    expect(await tempFiles()).toEqual([]);
  });

  it("serves a range from the middle, and late readers from the start", async () => {
    const upstream = controlledBody(parts);
    const download = new Download(
      await store.createTemp(),
      store,
      { size: whole.length, etag: sha256(whole) },
      upstream.body,
    );
    const middle = readAll(download.stream(6, 14));
    for (let i = 0; i < parts.length; i++) upstream.next();
    await download.finished;
    expect((await middle).toString()).toBe("wonderful");
    expect((await readAll(download.stream(0, whole.length - 1))).toString()).toBe(whole.toString());
  });

  it("a reader keeping up with the writer gets its bytes from memory; one far behind reads the temp file", async () => {
    const temp = await store.createTemp();
    const tempReads: number[] = [];
    const read = temp.read.bind(temp);
    temp.read = (position, length) => (tempReads.push(position), read(position, length));
    const { big, all, upstream, download } = await sixChunkDownload(temp);
    const follower = download.stream(0, all.length - 1).getReader();
    const [followed] = await followInStep(upstream, [follower], big);
    expect(tempReads).toEqual([]);
    // From the start, 6 MiB behind: the first bytes come from the temp file.
    const late = readAll(download.stream(0, all.length - 1));
    const rest = follower.read();
    await download.finished;
    expect((await rest).done).toBe(true);
    expect(Buffer.concat(followed).equals(all)).toBe(true);
    expect((await late).equals(all)).toBe(true);
    expect(tempReads[0]).toBe(0);
  });

  it("frees each upstream chunk once it is stored and out of memory's reach; readers keep their copies", async () => {
    const { big, all, upstream, download } = await sixChunkDownload();
    const follower = download.stream(0, all.length - 1).getReader();
    const [followed] = await followInStep(upstream, [follower], big);
    expect((await follower.read()).done).toBe(true); // the last reader gone, the temp file is released
    await download.finished;
    // The follower read every byte from memory, and what it holds is whole after the chunks went.
    expect(Buffer.concat(followed).equals(all)).toBe(true);
    const canTransfer = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function";
    // Memory keeps the last 2 MiB: the first chunks were dropped, and freed where the runtime can.
    expect(big.slice(0, 3).map((chunk) => chunk.byteLength)).toEqual(
      canTransfer ? [0, 0, 0] : [MiB, MiB, MiB],
    );
    expect(big.at(-1)?.byteLength).toBe(MiB);
  });

  it("two readers keeping up share the chunks (views, never freed under them) and both get every byte", async () => {
    const { big, all, upstream, download } = await sixChunkDownload();
    const one = download.stream(0, all.length - 1).getReader();
    const two = download.stream(0, all.length - 1).getReader();
    const read = await followInStep(upstream, [one, two], big);
    expect((await one.read()).done).toBe(true);
    expect((await two.read()).done).toBe(true);
    await download.finished;
    for (const pieces of read) expect(Buffer.concat(pieces).equals(all)).toBe(true);
    expect(big.map((chunk) => chunk.byteLength)).toEqual(big.map(() => MiB));
  });

  it("holds no more than a few chunks in memory while it stores a large body from a socket", async () => {
    const size = 384 * MiB;
    const zeros = createHash("sha256");
    for (let sent = 0; sent < size; sent += MiB) zeros.update(Buffer.alloc(MiB));
    const server = createServer(async (_, res) => {
      res.writeHead(200, { "content-length": String(size) });
      for (let sent = 0; sent < size; sent += MiB) {
        if (!res.write(Buffer.alloc(MiB))) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await request(`http://127.0.0.1:${port}/`);
      const peakBefore = process.resourceUsage().maxRSS;
      const download = new Download(
        await store.createTemp(),
        store,
        { size, etag: zeros.digest("hex") },
        response.body,
      );
      (await download.finished).release();
      const grewMiB = (process.resourceUsage().maxRSS - peakBefore) / 1024;
      expect(grewMiB).toBeLessThan(128);
    } finally {
      server.close();
    }
    // 384 MiB through the disk: a memory test, not a timing one (a busy CI disk writes ~100 MB/s).
  }, 60_000);

  it("never stores a short body, and errors every reader", async () => {
    const upstream = controlledBody(parts);
    const download = new Download(
      await store.createTemp(),
      store,
      { size: whole.length, etag: sha256(whole) },
      upstream.body,
    );
    const reading = readAll(download.stream(0, whole.length - 1)).then(
      () => "complete",
      (error: Error) => error.message,
    );
    upstream.next();
    upstream.fail(new Error("connection reset"));
    await expect(download.finished).rejects.toThrow(/connection reset/);
    expect(await reading).toBe("connection reset");
    expect(await store.size(sha256(whole))).toBeNull();
    expect(await tempFiles()).toEqual([]);
  });

  it("rejects bytes that do not match the upstream ETag", async () => {
    const upstream = controlledBody(parts);
    const download = new Download(
      await store.createTemp(),
      store,
      { size: whole.length, etag: "0".repeat(64) },
      upstream.body,
    );
    for (let i = 0; i < parts.length; i++) upstream.next();
    await expect(download.finished).rejects.toThrow(/sha256/);
    expect(await tempFiles()).toEqual([]);
  });

  it("rejects a body longer than announced as soon as it overflows", async () => {
    const upstream = controlledBody(parts);
    const download = new Download(await store.createTemp(), store, { size: 8, etag: "x" }, upstream.body);
    upstream.next();
    upstream.next();
    await expect(download.finished).rejects.toThrow(/more than the expected/);
  });

  /** Hashes on this thread, but each chunk waits for `release` (a hashing thread that is behind). */
  function slowHasher(expected: ExpectedContent) {
    const inline = new StreamingDigest(expected);
    const waits: Array<() => void> = [];
    let aborted = false;
    const hasher: ContentHasher = {
      update: (chunk) => {
        inline.update(chunk);
        return new Promise<void>((resolve) => waits.push(resolve));
      },
      finish: async () => inline.finish(),
      abort: () => {
        aborted = true;
      },
    };
    return { hasher, release: () => waits.splice(0).forEach((resolve) => resolve()), aborted: () => aborted };
  }

  it("waits for a hasher that is behind before taking the next chunk, and verifies with its digest", async () => {
    const expected = { size: whole.length, etag: sha256(whole) };
    const slow = slowHasher(expected);
    const upstream = controlledBody(parts);
    const download = new Download(await store.createTemp(), store, expected, upstream.body, slow.hasher);
    upstream.next();
    upstream.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first chunk is with the hasher: nothing is written until it has caught up.
    expect(download.bytesWritten).toBe(0);
    for (let turn = 0; turn < parts.length; turn++) {
      slow.release();
      upstream.next();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    slow.release();
    expect((await download.finished).digest).toBe(sha256(whole));
    expect(slow.aborted()).toBe(false);
  });

  it("fails, and aborts the hasher, when the hasher cannot finish", async () => {
    const expected = { size: whole.length, etag: sha256(whole) };
    let aborted = false;
    const failing: ContentHasher = {
      update: () => undefined,
      finish: () => Promise.reject(new Error("the hashing thread stopped")),
      abort: () => {
        aborted = true;
      },
    };
    const upstream = controlledBody(parts);
    const download = new Download(await store.createTemp(), store, expected, upstream.body, failing);
    for (let i = 0; i < parts.length; i++) upstream.next();
    await expect(download.finished).rejects.toThrow(/hashing thread stopped/);
    // What gates a client's last bytes (files.ts): never settled as verified.
    await expect(download.verified).rejects.toThrow(/hashing thread stopped/);
    expect(aborted).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });
});
