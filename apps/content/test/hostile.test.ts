import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { startStack, type Stack } from "./harness.ts";
import { metricSum } from "./metrics.ts";

let stack: Stack;

const BODY_TIMEOUT_MS = 300;

beforeAll(async () => {
  stack = await startStack({ config: { bodyTimeoutMs: BODY_TIMEOUT_MS } });
});
afterAll(async () => {
  await stack.stop();
});

/** Sends a request line exactly as given (no client-side normalization of `..`). */
async function rawStatus(path: string): Promise<number> {
  const { port } = stack.server;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let head = "";
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (status) {
        resolve(Number(status[1]));
        socket.destroy();
      }
    });
    socket.on("error", reject);
  });
}

describe("hostile paths get a 4xx and reach neither the disk nor another host", () => {
  const cases = [
    "/huggingface/demo/tiny-model/resolve/main/../../../../etc/passwd",
    "/huggingface/demo/tiny-model/resolve/main/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/huggingface/demo/tiny-model/resolve/main/a%2F..%2F..%2Fetc%2Fpasswd",
    "/huggingface/demo/tiny-model/resolve/..%2F..%2Fmain/config.json",
    "/huggingface/demo/tiny-model/resolve/main/a%00b",
    "/huggingface/demo/tiny-model/resolve/main//etc/passwd",
    `/huggingface/demo/tiny-model/resolve/main/${"x".repeat(5000)}`,
    `/huggingface/${"o".repeat(300)}/m/resolve/main/config.json`,
    "/huggingface/api/%2e%2e/%2e%2e/admin",
    "/huggingface/demo/tiny-model/resolve/main%00/config.json",
    "/huggingface/http:%2F%2Fevil.example/resolve/main/x",
    "/nowhere/demo/tiny-model/resolve/main/config.json",
    // DEL and C1 control characters, raw or encoded.
    "/huggingface/demo/tiny-model/resolve/main/a%7Fb",
    "/huggingface/demo/tiny-model/resolve/main/a\x7fb",
    "/huggingface/demo/tiny-model/resolve/main/a%C2%85b",
    "/huggingface/demo/tiny-model/resolve/main/a\x85b",
    "/huggingface/api/models/demo/tiny-model/tree/main/a%C2%9Fb",
    // Forwarded API paths: encoded traversal and NUL go nowhere either.
    "/huggingface/api/models/demo/tiny-model/commits/..%2f..%2f..%2fwhoami-v2",
    "/huggingface/api/models/demo/tiny-model/commits/%2e%2e%2f%2e%2e%2fx",
    "/huggingface/api/models/demo/tiny-model/%2e%2e%2f%2e%2e%2fdatasets",
    "/huggingface/api/models/demo/tiny-model/commits/main%00",
    "/huggingface/api/models/demo/tiny-model/commits/%252e%252e%252fmain",
    "/huggingface/api/spaces/demo/tiny-space/..%5cx",
    "/huggingface/api/models/demo/tiny-model/revision/main%7F",
  ];

  for (const path of cases) {
    test(path.slice(0, 90), async () => {
      stack.hub.resetRequests();
      const status = await rawStatus(path);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(stack.hub.requests.length).toBe(0);
    });
  }
});

/** Sends a POST announcing more body than it sends; resolves with what came back and when. */
async function shortBody(path: string): Promise<{ head: string; ms: number; closed: boolean }> {
  const { port } = stack.server;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\npaths=conf",
      );
    });
    let head = "";
    let ms = 0;
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      ms ||= performance.now() - started;
    });
    socket.on("close", () => resolve({ head, ms, closed: true }));
    socket.on("error", reject);
  });
}

describe("a request body shorter than its Content-Length", () => {
  test("gets a 408 after the body timeout, is closed, and counts as a 4xx", async () => {
    const { head, ms, closed } = await shortBody("/huggingface/api/models/demo/tiny-model/paths-info/main");
    expect(head).toMatch(/^HTTP\/1\.1 408/);
    expect(head.toLowerCase()).toContain("connection: close");
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(BODY_TIMEOUT_MS + 2000);
    expect(closed).toBe(true);
    const requests = (status: string) =>
      metricSum(stack.server.url, "hubcache_http_requests_total", { method: "POST", status });
    expect(await requests("408")).toBe(1);
    for (const status of ["500", "502", "503", "504"]) expect(await requests(status)).toBe(0);
    expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200);
  });
});

describe("service endpoints", () => {
  test("healthz answers ok", async () => {
    const response = await fetch(`${stack.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("metrics count requests, cache hits and misses, bytes by source", async () => {
    const url = `${stack.endpoint}/gpt2/resolve/main/config.json`;
    await (await fetch(url)).arrayBuffer();
    await (await fetch(url)).arrayBuffer();
    const metric = (name: string, labels: Record<string, string>) =>
      metricSum(stack.server.url, name, labels);
    expect(await metric("hubcache_cache_lookups_total", { result: "miss" })).toBeGreaterThan(0);
    expect(await metric("hubcache_cache_lookups_total", { result: "hit" })).toBeGreaterThan(0);
    expect(await metric("hubcache_bytes_served_total", { source: "cache" })).toBeGreaterThan(0);
    expect(await metric("hubcache_bytes_served_total", { source: "upstream" })).toBeGreaterThan(0);
    expect(await metric("hubcache_http_requests_total", { method: "GET", status: "200" })).toBeGreaterThan(0);
    expect(await metric("hubcache_upstream_response_seconds_count", {})).toBeGreaterThan(0);
  });

  test("CORS exposes the identity headers to browser clients", async () => {
    const response = await fetch(`${stack.endpoint}/gpt2/resolve/main/config.json`, { method: "HEAD" });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toContain("X-Repo-Commit");
    const preflight = await fetch(`${stack.endpoint}/gpt2/resolve/main/config.json`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Range");
  });
});
