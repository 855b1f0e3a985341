import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { storageKeyOf } from "@hubcache/core";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesOf, eventually, fillsRecorded, sha256Hex, startStack, type Stack } from "./harness.ts";
import { spawnContentServer } from "./process.ts";
import { startTestS3, type TestS3 } from "./s3-server.ts";

/** The content server with its blobs in an S3 bucket (s3rver): fills, warm reads, redirects, faults. */
let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3.close();
});

const REPO = "demo/tiny-model";
const MODEL = "model.safetensors"; // 2 MiB, LFS
let stacks = 0;

async function s3Stack(redirect = false): Promise<{ stack: Stack; prefix: string }> {
  const prefix = `e2e-${++stacks}`;
  const stack = await startStack({ config: { objectStore: s3.config(prefix, { redirect }) } });
  return { stack, prefix };
}

const fileUrl = (stack: Stack, path: string, repo = REPO) => `${stack.endpoint}/${repo}/resolve/main/${path}`;

describe("content server on an S3 store", () => {
  test("cold GET fills the bucket; warm GETs (whole and Range) come from it, also with the Hub down", async () => {
    const { stack, prefix } = await s3Stack();
    try {
      const expected = await stack.hub.readFile("model", REPO, "main", MODEL);
      const info = stack.hub.fileInfo("model", REPO, "main", MODEL);
      const cold = await fetch(fileUrl(stack, MODEL));
      expect(cold.status).toBe(200);
      expect(await sha256Hex(await cold.arrayBuffer())).toBe(info.sha256);
      await fillsRecorded(stack.server.url);
      expect(await s3.keys(`${prefix}/`)).toContain(`${prefix}/${storageKeyOf(info.sha256)}`);
      stack.hub.resetRequests();
      const ranged = await fetch(fileUrl(stack, MODEL), { headers: { range: "bytes=1000-1999999" } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get("content-range")).toBe(`bytes 1000-1999999/${info.size}`);
      expect(bytesOf(await ranged.arrayBuffer())).toEqual(bytesOf(expected.subarray(1000, 2000000)));
      expect(stack.hub.requests.filter((request) => request.method === "GET")).toEqual([]);
      stack.hub.faults.down = true;
      const offline = await fetch(fileUrl(stack, MODEL));
      expect(offline.status).toBe(200);
      expect(offline.headers.get("x-repo-commit")).toBe(
        stack.hub.fileInfo("model", REPO, "main", MODEL).commit,
      );
      expect(await sha256Hex(await offline.arrayBuffer())).toBe(info.sha256);
    } finally {
      await stack.stop();
    }
  }, 30_000);

  test("a corrupt upstream body leaves nothing under a final key and no upload; the retry stores it", async () => {
    const { stack, prefix } = await s3Stack();
    try {
      stack.hub.addRepo({ id: "corrupt/model", files: { "c.bin": { size: 1024 * 1024, seed: 12 } } });
      const info = stack.hub.fileInfo("model", "corrupt/model", "main", "c.bin");
      stack.hub.faults.corruptBody = true;
      const first = await fetch(fileUrl(stack, "c.bin", "corrupt/model"));
      expect(
        await first.arrayBuffer().then(
          () => "complete",
          () => "failed",
        ),
      ).toBe("failed");
      await eventually(async () => expect(await s3.keys(`${prefix}/`)).toEqual([]));
      expect([...s3.uploads.values()].filter((upload) => upload.key.startsWith(`${prefix}/`))).toEqual([]);
      stack.hub.resetFaults();
      const second = await fetch(fileUrl(stack, "c.bin", "corrupt/model"));
      expect(await sha256Hex(await second.arrayBuffer())).toBe(info.sha256);
      await fillsRecorded(stack.server.url);
      expect(await s3.keys(`${prefix}/`)).toEqual([`${prefix}/${storageKeyOf(info.sha256)}`]);
    } finally {
      await stack.stop();
    }
  }, 30_000);

  test("S3_REDIRECT: a cached GET is a 302 to a presigned URL with the identity headers; HEAD is unchanged", async () => {
    const { stack } = await s3Stack(true);
    try {
      const info = stack.hub.fileInfo("model", REPO, "main", MODEL);
      const expected = await stack.hub.readFile("model", REPO, "main", MODEL);
      // Cold: streamed by the content server while it fills.
      const cold = await fetch(fileUrl(stack, MODEL));
      expect(cold.status).toBe(200);
      await cold.arrayBuffer();
      // Once the bucket has it (until then a GET is answered from the fill, with its bytes).
      await fillsRecorded(stack.server.url);
      const warm = await fetch(fileUrl(stack, MODEL), { redirect: "manual" });
      expect(warm.status).toBe(302);
      expect(warm.headers.get("x-repo-commit")).toBe(info.commit);
      expect(warm.headers.get("etag")).toBe(`"${info.sha256}"`);
      expect(warm.headers.get("x-linked-etag")).toBe(`"${info.sha256}"`);
      expect(warm.headers.get("x-linked-size")).toBe(String(info.size));
      const location = warm.headers.get("location") ?? "";
      expect(location).toStartWith(s3.endpoint);
      expect(location).toContain("X-Amz-Expires=300");
      const whole = await fetch(location);
      expect(whole.status).toBe(200);
      expect(await sha256Hex(await whole.arrayBuffer())).toBe(info.sha256);
      // The client sends its Range again to the URL: the signature does not cover it.
      const ranged = await fetch(fileUrl(stack, MODEL), { headers: { range: "bytes=10-1048585" } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get("content-range")).toBe(`bytes 10-1048585/${info.size}`);
      expect(bytesOf(await ranged.arrayBuffer())).toEqual(bytesOf(expected.subarray(10, 1048586)));
      const head = await fetch(fileUrl(stack, MODEL), { method: "HEAD", redirect: "manual" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(info.size));
      // A regular file gets its true size on the redirect too, and its own ETag, no X-Linked-Etag.
      await (await fetch(fileUrl(stack, "config.json"))).arrayBuffer();
      await fillsRecorded(stack.server.url);
      const regular = await fetch(fileUrl(stack, "config.json"), { redirect: "manual" });
      expect(regular.status).toBe(302);
      expect(regular.headers.get("x-linked-etag")).toBeNull();
      expect(regular.headers.get("x-linked-size")).toBe(
        String(stack.hub.fileInfo("model", REPO, "main", "config.json").size),
      );
    } finally {
      await stack.stop();
    }
  }, 30_000);

  test("/readyz: ready while the bucket answers, 503 naming the store once it does not", async () => {
    const own = await startTestS3();
    const stack = await startStack({ config: { objectStore: own.config("ready") } });
    try {
      expect((await fetch(`${stack.server.url}/readyz`)).status).toBe(200);
      await own.close();
      const answer = await fetch(`${stack.server.url}/readyz`);
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { checks: Record<string, string> };
      expect(body.checks.database).toBe("ok");
      expect(body.checks.store).not.toBe("ok");
    } finally {
      await stack.stop();
    }
  }, 30_000);

  test("CACHE_MAX_BYTES on S3: a fill past the limit evicts the least recently used object; a purge empties the bucket", async () => {
    const prefix = `e2e-${++stacks}`;
    const stack = await startStack({
      config: {
        objectStore: s3.config(prefix),
        cacheMaxBytes: 5 * 1024 * 1024,
        blobGraceMs: 0,
        prefetchPollMs: 100,
      },
    });
    try {
      const repo = "capacity/model";
      const files = ["a.bin", "b.bin", "c.bin"];
      stack.hub.addRepo({
        id: repo,
        files: Object.fromEntries(files.map((name, n) => [name, { size: 2 * 1024 * 1024, seed: 70 + n }])),
      });
      const key = (name: string) =>
        `${prefix}/${storageKeyOf(stack.hub.fileInfo("model", repo, "main", name).sha256)}`;
      for (const name of files) {
        const response = await fetch(fileUrl(stack, name, repo));
        expect(await sha256Hex(await response.arrayBuffer())).toBe(
          stack.hub.fileInfo("model", repo, "main", name).sha256,
        );
        // Stored before the next one asks (its upload follows the response): fills in flight are not
        // evictable, so c.bin would find no room it can free while a.bin and b.bin were still uploading.
        await fillsRecorded(stack.server.url);
        await Bun.sleep(20); // distinct last-use times
      }
      // a.bin, the least recently used, made room for c.bin: its object left the bucket.
      expect((await s3.keys(`${prefix}/sha256/`)).sort()).toEqual([key("b.bin"), key("c.bin")].sort());

      const distribution = await stack.database.db.distribution.findFirstOrThrow();
      await stack.database.db.purgeJob.create({
        data: { distributionId: distribution.id, repoType: "model", repoId: repo, requestedBy: "admin" },
      });
      await eventually(async () => expect(await s3.keys(`${prefix}/sha256/`)).toEqual([]), 10_000);
    } finally {
      await stack.stop();
    }
  }, 30_000);
});

describe("kill -9 on an S3 store", () => {
  let hub: FakeHub;
  let dir: string;
  beforeAll(async () => {
    hub = await startFakeHub();
    seedDemoRepos(hub);
    hub.addRepo({ id: "big/model", files: { "w.safetensors": { size: 12 * 1024 * 1024, seed: 21 } } });
    dir = await mkdtemp(join(tmpdir(), "hubcache-s3-crash-"));
  });
  afterAll(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("mid-fill: no final object, the spool is emptied at restart, the next request gets the right bytes", async () => {
    const prefix = "crash";
    const spool = join(dir, "spool");
    const start = () =>
      spawnContentServer({
        ...s3.env(prefix),
        STORAGE_SPOOL_DIR: spool,
        DATABASE_URL: `file:${join(dir, "hubcache.db")}`,
        HUB_URL: hub.url,
      });
    const url = (base: string) => `${base}/huggingface/big/model/resolve/main/w.safetensors`;
    const info = hub.fileInfo("model", "big/model", "main", "w.safetensors");
    const first = await start();
    try {
      hub.faults.bytesPerSecond = 1024 * 1024;
      const response = await fetch(url(first.url));
      const body = response.arrayBuffer().then(
        () => "complete",
        () => "failed",
      );
      // Past the first part: a multipart upload to the final key is under way.
      await eventually(async () => {
        expect([...s3.uploads.values()].some((upload) => upload.key.startsWith(`${prefix}/`))).toBe(true);
      }, 20_000);
      first.signal("SIGKILL");
      await first.exited;
      expect(await body).toBe("failed");
    } finally {
      await first.stop();
      hub.resetFaults();
    }
    expect(await s3.keys(`${prefix}/sha256/`)).toEqual([]);
    expect((await readdir(spool)).length).toBe(1);
    const second = await start();
    try {
      expect(await readdir(spool)).toEqual([]);
      const again = await fetch(url(second.url));
      expect(await sha256Hex(await again.arrayBuffer())).toBe(info.sha256);
      await fillsRecorded(second.url);
      expect(await s3.keys(`${prefix}/sha256/`)).toEqual([`${prefix}/${storageKeyOf(info.sha256)}`]);
      // The killed fill's upload is young: left for the sweep once older than the grace.
      expect([...s3.uploads.values()].filter((upload) => upload.key.startsWith(`${prefix}/`)).length).toBe(1);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
