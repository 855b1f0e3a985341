import { afterAll, beforeAll, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pageCacheReadsAvailable, readFromPageCache } from "../src/page-cache-read.ts";
import { evictFromPageCache } from "./page-cache.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hubcache-page-cache-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(bytes: Uint8Array, name: string) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, handle: await open(path, "r") };
}

test("reads from memory are on here (Linux with glibc)", () => {
  expect(pageCacheReadsAvailable).toBe(true);
});

test("bytes in the page cache are read from the position asked into the buffer given, up to the length asked", async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 11);
  const { handle } = await fileOf(bytes, "warm");
  try {
    const buffer = Buffer.alloc(512 * 1024);
    expect(readFromPageCache(handle.fd, buffer, buffer.length, 0)).toBe(buffer.length);
    expect(buffer.equals(bytes.subarray(0, buffer.length))).toBe(true);

    buffer.fill(0);
    expect(readFromPageCache(handle.fd, buffer, 1000, 1_234_567)).toBe(1000);
    expect(buffer.subarray(0, 1000).equals(bytes.subarray(1_234_567, 1_235_567))).toBe(true);
    expect(buffer.subarray(1000).every((byte) => byte === 0)).toBe(true);
  } finally {
    await handle.close();
  }
});

test("a buffer that is a view into a larger one gets the bytes in its own bytes only", async () => {
  const bytes = randomBytes(64 * 1024);
  const { handle } = await fileOf(bytes, "view");
  try {
    const whole = Buffer.alloc(300).fill(7);
    const view = whole.subarray(100, 200);
    expect(readFromPageCache(handle.fd, view, 100, 500)).toBe(100);
    expect(view.equals(bytes.subarray(500, 600))).toBe(true);
    expect(whole.subarray(0, 100).every((byte) => byte === 7)).toBe(true);
    expect(whole.subarray(200).every((byte) => byte === 7)).toBe(true);
  } finally {
    await handle.close();
  }
});

test("at the end of the file: the bytes up to it, then 0", async () => {
  const bytes = randomBytes(10_000);
  const { handle } = await fileOf(bytes, "short");
  try {
    const buffer = Buffer.alloc(4096);
    expect(readFromPageCache(handle.fd, buffer, 4096, 9_000)).toBe(1000);
    expect(buffer.subarray(0, 1000).equals(bytes.subarray(9_000))).toBe(true);
    expect(readFromPageCache(handle.fd, buffer, 4096, 10_000)).toBe(0);
  } finally {
    await handle.close();
  }
});

test("bytes only on disk are not read here (null: the caller reads them off the event loop); once read, they are", async () => {
  const bytes = randomBytes(2 * 1024 * 1024);
  const { path, handle } = await fileOf(bytes, "cold");
  try {
    await evictFromPageCache(path);
    const buffer = Buffer.alloc(256 * 1024);
    expect(readFromPageCache(handle.fd, buffer, buffer.length, 1024 * 1024)).toBeNull();

    await handle.read(buffer, 0, buffer.length, 1024 * 1024);
    buffer.fill(0);
    expect(readFromPageCache(handle.fd, buffer, buffer.length, 1024 * 1024)).toBe(buffer.length);
    expect(buffer.equals(bytes.subarray(1024 * 1024, 1024 * 1024 + buffer.length))).toBe(true);
  } finally {
    await handle.close();
  }
});

test("a closed descriptor or an empty read reads nothing here and throws nothing", async () => {
  const { handle } = await fileOf(randomBytes(100), "closed");
  const fd = handle.fd;
  await handle.close();
  expect(readFromPageCache(fd, Buffer.alloc(100), 100, 0)).toBeNull();
  expect(readFromPageCache(0, Buffer.alloc(10), 0, 0)).toBeNull();
});
