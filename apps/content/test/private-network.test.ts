import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { addDistribution, listen, startStack, type Listener, type Stack } from "./harness.ts";

let stack: Stack;
let sentinel: Listener;
let mirror: Listener;

beforeAll(async () => {
  sentinel = await listen((_, response) => response.writeHead(200).end("{}"));
  mirror = await listen((_, response) =>
    response.writeHead(200, { "content-type": "application/json" }).end("[]"),
  );
  stack = await startStack({
    // An in-house mirror the operator vouches for; the sentinel is nobody's.
    config: { remoteUrlAllowlist: ["https://huggingface.co", mirror.url] },
  });
});
afterAll(async () => {
  await stack.stop();
  await sentinel.close();
  await mirror.close();
});
beforeEach(() => {
  stack.hub.resetRequests();
  sentinel.seen.length = 0;
});

const routes = [
  ["HEAD", "demo/tiny-model/resolve/main/config.json"],
  ["GET", "demo/tiny-model/resolve/main/config.json"],
  ["GET", "api/models/demo/tiny-model"],
  ["GET", "api/models/demo/tiny-model/tree/main"],
  ["GET", "api/models/demo/tiny-model/commits/main"],
] as const;

describe("remotes nobody vouched for cannot reach private addresses", () => {
  test("loopback by address or by name, IPv4-mapped, metadata, private: 502, nothing sent", async () => {
    const hubPort = new URL(stack.hub.url).port;
    for (const hubUrl of [
      sentinel.url,
      `http://localhost:${hubPort}`,
      `http://[::ffff:127.0.0.1]:${hubPort}`,
      `http://[::1]:${sentinel.port}`,
      "http://169.254.169.254",
      `http://10.0.0.1:${sentinel.port}`,
    ]) {
      const base = await addDistribution(stack, hubUrl);
      for (const [method, path] of routes) {
        const response = await fetch(`${base}/${path}`, { method });
        expect(response.status, `${hubUrl} ${method} ${path}`).toBe(502);
        expect(response.headers.get("x-error-message")).toBe("upstream address not allowed");
        if (method === "GET") expect(await response.text()).not.toMatch(/127\.0\.0\.1|169\.254|::|refused/);
      }
    }
    expect(stack.hub.requests).toHaveLength(0);
    expect(sentinel.seen).toHaveLength(0);
  });
});

describe("remotes the operator vouched for may", () => {
  test("the bootstrapped HUB_URL remote", async () => {
    for (const [method, path] of routes) {
      // The stand-in Hub has no commits listing: its 404 is the proof the call went through.
      const expected = path.endsWith("commits/main") ? 404 : 200;
      expect((await fetch(`${stack.endpoint}/${path}`, { method })).status, path).toBe(expected);
    }
    expect(stack.hub.requests.length).toBeGreaterThan(0);
  });

  test("a remote whose origin is in REMOTE_URL_ALLOWLIST", async () => {
    const base = await addDistribution(stack, `${mirror.url}/hub`);
    const response = await fetch(`${base}/api/models/demo/tiny-model/commits/main`);
    expect(response.status).toBe(200);
    expect(mirror.seen).toEqual(["/hub/api/models/demo/tiny-model/commits/main"]);
  });
});
