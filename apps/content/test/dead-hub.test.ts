import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually, startStack, type Stack } from "./harness.ts";
import { metricSum } from "./metrics.ts";

/** A Hub that accepts connections and never answers must not make every cached request wait. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    config: { revisionTtlMs: 0, upstreamOfflineAfterFailures: 2, upstreamProbeMs: 60_000 },
  });
  // Short read timeouts for the bootstrapped remote, so that the first failures come quickly.
  await stack.database.db.remote.updateMany({ data: { readTimeoutMs: 300, connectTimeoutMs: 300 } });
  await Bun.sleep(300);
});
afterAll(async () => {
  await stack.stop();
});

describe("a Hub that black-holes requests", () => {
  test("is marked offline after two timeouts; cached files and answers are then served at once, asking it nothing", async () => {
    const url = `${stack.endpoint}/demo/tiny-model/resolve/main/config.json`;
    await (await fetch(`${stack.endpoint}/api/models/gpt2`)).arrayBuffer(); // the new timeouts apply
    await Bun.sleep(300);
    const expected = await (await fetch(url)).text();
    const infoUrl = `${stack.endpoint}/api/models/demo/tiny-model/revision/main`;
    const info = await (await fetch(infoUrl)).text();
    stack.hub.faults.latencyMs = 60_000;

    // Each of the first two waits for the read timeout, then falls back to the cache.
    for (let i = 0; i < 2; i++) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(expected);
    }
    const hubOrigin = new URL(stack.hub.url).origin;
    expect(await metricSum(stack.server.url, "hubcache_upstream_offline", { upstream: hubOrigin })).toBe(1);
    // The heartbeat tells the console and `hubcache status` too.
    await eventually(async () => {
      const row = await stack.database.db.contentServer.findFirstOrThrow();
      expect(JSON.parse(row.upstreams)).toEqual({ [new URL(stack.hub.url).origin]: "offline" });
    });

    const upstreamErrors = () => metricSum(stack.server.url, "hubcache_upstream_errors_total");
    const errorsBefore = await upstreamErrors();
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(expected);
      latencies.push(performance.now() - started);
      const infoResponse = await fetch(infoUrl);
      expect(infoResponse.status).toBe(200);
      expect(await infoResponse.text()).toBe(info);
    }
    // Answered from the cache without a request being made, so none counts as an upstream failure.
    expect(await upstreamErrors()).toBe(errorsBefore);
    latencies.sort((a, b) => a - b);
    // Far below the 300 ms timeout: nothing waits on the dead Hub (the benchmark measures the p99).
    expect(latencies[latencies.length - 1]).toBeLessThan(150);

    // Not cached: a clear 502 at once, not after a timeout.
    const started = performance.now();
    const cold = await fetch(`${stack.endpoint}/demo/tiny-model/resolve/main/README.md`);
    expect(cold.status).toBe(502);
    expect(cold.headers.get("x-error-message")).toMatch(/offline/);
    expect(await upstreamErrors()).toBe(errorsBefore + 1);
    expect(performance.now() - started).toBeLessThan(150);
  }, 20_000);
});
