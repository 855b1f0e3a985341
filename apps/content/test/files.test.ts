import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bytesOf, startStack, sha256Hex, type Stack } from "./harness.ts";
import { metricSum } from "./metrics.ts";

let stack: Stack;
const MODEL = "demo/tiny-model";

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.hub.resetFaults();
  stack.hub.resetRequests();
});

const fileUrl = (path: string, revision = "main", repo = MODEL) =>
  `${stack.endpoint}/${repo}/resolve/${revision}/${path}`;
/** Upstream requests for file bytes (resolve-cache for regular files, the CDN for LFS files). */
const bodyRequests = () =>
  stack.hub.countRequests(
    (r) => r.method === "GET" && (r.path.startsWith("/api/resolve-cache/") || r.path.startsWith("/cdn-lfs/")),
  );

describe("file identity headers", () => {
  test("an LFS file carries the upstream commit, ETag and X-Linked-* on HEAD and GET", async () => {
    const info = stack.hub.fileInfo("model", MODEL, "main", "model.safetensors");
    const head = await fetch(fileUrl("model.safetensors"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-repo-commit")).toBe(info.commit);
    expect(head.headers.get("x-linked-etag")).toBe(`"${info.sha256}"`);
    expect(head.headers.get("x-linked-size")).toBe(String(info.size));
    expect(head.headers.get("etag")).toBe(`"${info.sha256}"`);
    expect(head.headers.get("content-length")).toBe(String(info.size));
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    expect(head.headers.get("x-xet-hash")).toBeNull();
    expect(head.headers.get("link")).toBeNull();

    const get = await fetch(fileUrl("model.safetensors"));
    const body = new Uint8Array(await get.arrayBuffer());
    expect(get.headers.get("x-repo-commit")).toBe(info.commit);
    expect(body.length).toBe(info.size);
    expect(await sha256Hex(body)).toBe(info.sha256);
  });

  test("a regular file carries the git blob sha1 ETag and its true size", async () => {
    const info = stack.hub.fileInfo("model", MODEL, "main", "config.json");
    const head = await fetch(fileUrl("config.json"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(`"${info.sha1}"`);
    expect(head.headers.get("x-linked-etag")).toBeNull();
    expect(head.headers.get("content-length")).toBe(String(info.size));
    const text = await (await fetch(fileUrl("config.json"))).text();
    expect(text).toBe(
      new TextDecoder().decode(await stack.hub.readFile("model", MODEL, "main", "config.json")),
    );
  });

  test("the second download of a file never touches the Hub", async () => {
    const path = "onnx/model.onnx";
    const first = await fetch(fileUrl(path));
    const firstBytes = new Uint8Array(await first.arrayBuffer());
    expect(first.status).toBe(200);
    stack.hub.resetRequests();
    // A commit-pinned request needs nothing from upstream once cached.
    const commit = first.headers.get("x-repo-commit")!;
    const second = await fetch(fileUrl(path, commit));
    expect(second.status).toBe(200);
    expect(bytesOf(await second.arrayBuffer())).toEqual(firstBytes);
    expect(stack.hub.requests.length).toBe(0);
  });

  test("a cold HEAD answers from metadata without downloading the file", async () => {
    stack.hub.addRepo({ id: "big/model", files: { "weights.bin": { size: 256 * 1024 * 1024, seed: 9 } } });
    stack.hub.faults.bytesPerSecond = 1024 * 1024; // a full download would take minutes
    const head = await fetch(fileUrl("weights.bin", "main", "big/model"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-linked-size")).toBe(String(256 * 1024 * 1024));
    expect(bodyRequests()).toBe(0);
  });
});

describe("ranges", () => {
  const path = "model.safetensors";
  let whole: Uint8Array;
  let size: number;

  beforeAll(async () => {
    stack.hub.addRepo({ id: "range/cold", files: { "data.bin": { size: 3 * 1024 * 1024, seed: 5 } } });
    whole = await stack.hub.readFile("model", MODEL, "main", path);
    size = whole.length;
  });

  const rangeCases: Array<[string, (n: number) => [number, number]]> = [
    ["bytes=0-0", () => [0, 0]],
    ["bytes=100-199", () => [100, 199]],
    ["bytes=-10", (n) => [n - 10, n - 1]],
    ["bytes=1000-", (n) => [1000, n - 1]],
  ];

  for (const [header, expected] of rangeCases) {
    test(`${header} on a warm file answers 206 with a numeric total`, async () => {
      await (await fetch(fileUrl(path))).arrayBuffer();
      const response = await fetch(fileUrl(path), { headers: { range: header } });
      const [start, end] = expected(size);
      expect(response.status).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
      expect(bytesOf(await response.arrayBuffer())).toEqual(whole.subarray(start, end + 1));
    });
  }

  test("a range on a cold file is served while it downloads", async () => {
    const cold = await stack.hub.readFile("model", "range/cold", "main", "data.bin");
    const response = await fetch(fileUrl("data.bin", "main", "range/cold"), {
      headers: { range: "bytes=2097152-2097161" },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes 2097152-2097161/${cold.length}`);
    expect(response.headers.get("content-length")).toBe("10");
    expect(bytesOf(await response.arrayBuffer())).toEqual(cold.subarray(2097152, 2097162));
  });

  test("a cold GET, streamed as it downloads, carries its Content-Length, not chunked framing", async () => {
    stack.hub.addRepo({ id: "length/cold", files: { "w.bin": { size: 3 * 1024 * 1024, seed: 21 } } });
    const info = stack.hub.fileInfo("model", "length/cold", "main", "w.bin");
    const response = await fetch(fileUrl("w.bin", "main", "length/cold"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(info.size));
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(await sha256Hex(await response.arrayBuffer())).toBe(info.sha256);
  });

  test("an unsatisfiable range answers 416 with bytes */TOTAL", async () => {
    const response = await fetch(fileUrl(path), { headers: { range: `bytes=${size}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe(`bytes */${size}`);
  });

  test("a malformed range is ignored: the whole file, 200", async () => {
    const response = await fetch(fileUrl(path), { headers: { range: "bytes=abc" } });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(size);
  });
});

describe("single-flight", () => {
  test("concurrent cold requests make one upstream download and all get the bytes", async () => {
    stack.hub.addRepo({
      id: "flight/model",
      files: { "shard.safetensors": { size: 8 * 1024 * 1024, seed: 7 } },
    });
    const info = stack.hub.fileInfo("model", "flight/model", "main", "shard.safetensors");
    stack.hub.faults.bytesPerSecond = 16 * 1024 * 1024;
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const response = await fetch(fileUrl("shard.safetensors", "main", "flight/model"));
        return new Uint8Array(await response.arrayBuffer());
      }),
    );
    for (const body of bodies) expect(await sha256Hex(body)).toBe(info.sha256);
    expect(stack.hub.countRequests((r) => r.method === "GET" && r.path.startsWith("/cdn-lfs/"))).toBe(1);
  });

  test("a client gets its first bytes while the download is still running", async () => {
    const own = await startStack({
      seed: (hub) =>
        hub.addRepo({ id: "flight/slow", files: { "slow.bin": { size: 4 * 1024 * 1024, seed: 8 } } }),
    });
    try {
      own.hub.faults.bytesPerSecond = 1024 * 1024; // about 4 s for the whole file
      const response = await fetch(`${own.endpoint}/flight/slow/resolve/main/slow.bin`);
      const reader = response.body!.getReader();
      const first = await reader.read();
      const inFlight = await metricSum(own.server.url, "hubcache_downloads_in_flight");
      await reader.cancel();
      expect(first.value!.length).toBeGreaterThan(0);
      // The one upstream download is still running when the client holds its first bytes.
      expect(inFlight).toBe(1);
    } finally {
      await own.stop();
    }
  });
});
