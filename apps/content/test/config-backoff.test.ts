import { describe, expect, test } from "bun:test";
import { DistributionRegistry, type ConfigSource, type DistributionConfig } from "../src/distributions.ts";
import type { ReloadAttempt } from "../src/reload-schedule.ts";
import { eventually } from "./harness.ts";

/** Re-reading the configuration while the database fails must not turn every request into a read. */

const distribution = (id: string, basePath: string): DistributionConfig => ({
  id,
  name: basePath,
  teamId: "team",
  basePath,
  isPublic: true,
  remote: {
    id: "remote",
    name: "hf",
    hubUrl: "https://huggingface.co",
    policy: "on_demand",
    connectTimeoutMs: 1000,
    readTimeoutMs: 1000,
    includePatterns: [],
    excludePatterns: [],
    allowPrivateNetwork: false,
    hfToken: null,
  },
});

/** A configuration source whose database can be made to fail; counts its reads. */
function flakySource(initial: DistributionConfig[]) {
  const state = { failing: false, reads: 0, distributions: initial };
  const source: ConfigSource = {
    loadDistributions: async () => {
      state.reads++;
      if (state.failing) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      return [...state.distributions];
    },
    findToken: async () => null,
  };
  return { state, source };
}

describe("configuration re-reads while the database fails", () => {
  test("thousands of requests make a handful of reads, each failure reported once, the last configuration served", async () => {
    const { state, source } = flakySource([distribution("d1", "huggingface")]);
    const failures: ReloadAttempt[] = [];
    const registry = new DistributionRegistry(source, 50, {
      onReloadFailed: (_error, attempt) => failures.push(attempt),
      maxReloadBackoffMs: 400,
    });
    expect((await registry.match("/huggingface/gpt2/resolve/main/config.json"))?.distribution.id).toBe("d1");

    state.failing = true;
    state.reads = 0;
    let requests = 0;
    const until = performance.now() + 1_200;
    while (performance.now() < until) {
      const matched = await registry.match("/huggingface/gpt2/resolve/main/config.json");
      expect(matched?.distribution.id).toBe("d1");
      // An unknown path would re-read at once when all is well; not while re-reads fail.
      expect(await registry.match("/nothing-here/gpt2")).toBeNull();
      requests += 2;
      await Bun.sleep(0);
    }
    expect(requests).toBeGreaterThan(1_000);
    // Due at 0, then after 100, 200, 400 and 400 ms (doubling from twice the interval, capped).
    expect(state.reads).toBeGreaterThanOrEqual(3);
    expect(state.reads).toBeLessThanOrEqual(6);
    expect(failures).toHaveLength(state.reads);
    expect(failures.slice(0, 4)).toEqual([
      { failures: 1, retryInMs: 100 },
      { failures: 2, retryInMs: 200 },
      { failures: 3, retryInMs: 400 },
      { failures: 4, retryInMs: 400 },
    ]);

    // Back: within the longest pause the new configuration is read, and reads are every 50 ms again.
    state.failing = false;
    state.distributions = [distribution("d1", "huggingface"), distribution("d2", "mirror")];
    await eventually(async () => {
      expect((await registry.match("/mirror/gpt2/resolve/main/config.json"))?.distribution.id).toBe("d2");
    }, 1_000);
    const reported = failures.length;
    const readsBack = state.reads;
    await Bun.sleep(300);
    await registry.match("/huggingface/gpt2");
    expect(state.reads - readsBack).toBeGreaterThanOrEqual(1);
    expect(failures).toHaveLength(reported);
  });

  test("never loaded: the first request gets a 503, and so do the next ones, at once, until the next try", async () => {
    const { state, source } = flakySource([distribution("d1", "huggingface")]);
    state.failing = true;
    const registry = new DistributionRegistry(source, 200, { maxReloadBackoffMs: 400 });
    for (let i = 0; i < 100; i++) {
      const error = await registry.match("/huggingface/gpt2").catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503 });
      expect((error as Error).cause).toEqual(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    }
    expect(state.reads).toBe(1);
    state.failing = false;
    await eventually(async () => {
      expect((await registry.match("/huggingface/gpt2"))?.distribution.id).toBe("d1");
    }, 1_000);
  });

  test("onReloaded is told of each configuration read, never of a failed one", async () => {
    const { state, source } = flakySource([distribution("d1", "huggingface")]);
    let reloads = 0;
    const registry = new DistributionRegistry(source, 50, {
      onReloaded: () => reloads++,
      maxReloadBackoffMs: 100,
    });
    await registry.match("/huggingface/gpt2");
    expect(reloads).toBe(1);
    state.failing = true;
    const failedFrom = state.reads;
    await eventually(async () => {
      await registry.match("/huggingface/gpt2");
      expect(state.reads - failedFrom).toBeGreaterThanOrEqual(2);
    }, 2_000);
    expect(reloads).toBe(1);
    state.failing = false;
    await eventually(async () => {
      await registry.match("/huggingface/gpt2");
      expect(reloads).toBeGreaterThanOrEqual(2);
    }, 2_000);
  });
});
