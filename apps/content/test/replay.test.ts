import { generateToken, hashToken } from "@hubcache/db";
import { afterEach, describe, expect, test } from "bun:test";
import { addPrivateDistribution, eventually, startStack, type Stack } from "./harness.ts";
import { metricSum, parseMetrics } from "./metrics.ts";

// Warm answers replayed by the HTTP front (replay-cache.ts), over real sockets: the app's own `fetch`
// (stack.request) never replays.

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const configPath = "demo/tiny-model/resolve/main/config.json";
const replayed = (server: string) => metricSum(server, "hubcache_replayed_responses_total");

async function get(url: string, init?: RequestInit): Promise<{ response: Response; body: Uint8Array }> {
  const response = await fetch(url, init);
  return { response, body: new Uint8Array(await response.arrayBuffer()) };
}

/**
 * Asks for `url` until an answer is replayed (the first warm answers may come from the fill, which is
 * streamed, not kept); resolves with the number of requests made.
 */
async function warm(server: string, url: string, init?: RequestInit): Promise<number> {
  const before = await replayed(server);
  let requests = 0;
  await eventually(async () => {
    requests++;
    expect((await get(url, init)).response.status).toBe(200);
    expect(await replayed(server)).toBeGreaterThan(before);
  });
  return requests;
}

describe("warm answers replayed from memory", () => {
  test("are the same bytes and identity headers under a request id of their own, and counted like any other", async () => {
    stack = await startStack({ config: { configRefreshMs: 5_000 } });
    const url = `${stack.endpoint}/${configPath}`;
    const server = stack.server.url;
    const warming = await warm(server, url);
    const first = await get(url);
    /** The counters of one /metrics answer (which counts as the next one's GET). */
    const counters = async () => {
      const samples = parseMetrics(await (await fetch(`${server}/metrics`)).text());
      const sum = (name: string, labels: Record<string, string> = {}) =>
        samples
          .filter((sample) => sample.name === name)
          .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
          .reduce((total, sample) => total + sample.value, 0);
      return {
        replayed: sum("hubcache_replayed_responses_total"),
        requests: sum("hubcache_http_requests_total", { method: "GET", status: "200" }),
        hits: sum("hubcache_cache_lookups_total", { result: "hit" }),
        bytes: sum("hubcache_bytes_served_total", { source: "cache" }),
      };
    };
    const before = await counters();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { response, body } = await get(url);
      expect(response.status).toBe(200);
      expect(body).toEqual(first.body);
      for (const name of ["etag", "x-repo-commit", "content-length", "content-type", "content-disposition"]) {
        expect(response.headers.get(name)).toBe(first.response.headers.get(name));
      }
      ids.add(response.headers.get("x-request-id") ?? "");
    }
    expect(ids.size).toBe(20);
    expect(ids.has(first.response.headers.get("x-request-id") ?? "")).toBe(false);
    const size = first.body.byteLength;
    const after = await counters();
    expect(after.replayed - before.replayed).toBe(20);
    expect(after.requests - before.requests).toBe(20 + 1);
    expect(after.hits - before.hits).toBe(20);
    expect(after.bytes - before.bytes).toBe(20 * size);
    await stack.server.stop(); // writes the usage counters
    const [usage] = await stack.database.db.usageHour.findMany();
    // The cold GET was a miss; every other GET, replayed or not, a hit.
    const requests = warming + 1 + 20;
    expect(usage).toMatchObject({ requests, hits: requests - 1, misses: 1 });
    expect(usage?.bytesFromCache).toBe(BigInt((requests - 1) * size));
  });

  test("a HEAD is replayed without a body; a Range is never replayed", async () => {
    stack = await startStack({ config: { configRefreshMs: 5_000 } });
    const url = `${stack.endpoint}/${configPath}`;
    await warm(stack.server.url, url);
    const { body: whole } = await get(url);
    await get(url, { method: "HEAD" });
    const before = await replayed(stack.server.url);
    const head = await get(url, { method: "HEAD" });
    expect(head.response.headers.get("content-length")).toBe(String(whole.byteLength));
    expect(head.body.byteLength).toBe(0);
    expect(await replayed(stack.server.url)).toBe(before + 1);
    const range = await get(url, { headers: { range: "bytes=2-5" } });
    expect(range.response.status).toBe(206);
    expect(range.response.headers.get("content-range")).toBe(`bytes 2-5/${whole.byteLength}`);
    expect(range.body).toEqual(whole.subarray(2, 6));
    expect(await replayed(stack.server.url)).toBe(before + 1);
  });

  test("a private distribution's answer kept for one token is never replayed to another, or to nobody", async () => {
    stack = await startStack({ config: { configRefreshMs: 5_000 } });
    const { base, token } = await addPrivateDistribution(stack, "team-a/private");
    const url = `${base}/${configPath}`;
    const authorized = { headers: { authorization: `Bearer ${token}` } };
    await warm(stack.server.url, url, authorized);
    const before = await replayed(stack.server.url);
    expect((await get(url, authorized)).response.status).toBe(200);
    expect(await replayed(stack.server.url)).toBe(before + 1);
    expect((await get(url)).response.status).toBe(401);
    expect((await get(url, { headers: { authorization: "Bearer hc_not_a_token" } })).response.status).toBe(
      401,
    );
    expect((await get(url, { headers: { authorization: `Bearer ${token}x` } })).response.status).toBe(401);
    expect(await replayed(stack.server.url)).toBe(before + 1);
  });

  test("a revoked token is refused within two configuration refreshes, although its answers were replayed", async () => {
    const refreshMs = 1_000;
    // Kept for far longer than the configuration is trusted: the refresh must still end the replays.
    stack = await startStack({ config: { configRefreshMs: refreshMs, replayTtlMs: 60_000 } });
    const { base } = await addPrivateDistribution(stack, "team-a/private");
    const db = stack.database.db;
    const team = await db.team.findFirstOrThrow();
    const secret = generateToken();
    const row = await db.contentToken.create({
      data: { teamId: team.id, name: "temp", secretHash: hashToken(secret) },
    });
    const url = `${base}/${configPath}`;
    const authorized = { headers: { authorization: `Bearer ${secret}` } };
    await eventually(async () => expect((await get(url, authorized)).response.status).toBe(200));
    await warm(stack.server.url, url, authorized);
    await db.contentToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    const revoked = performance.now();
    await eventually(async () => expect((await get(url, authorized)).response.status).toBe(401), 5_000);
    // Two refreshes, and a second of slack for a loaded machine.
    expect(performance.now() - revoked).toBeLessThan(2 * refreshMs + 1_000);
  });

  test("with REVISION_TTL_SECONDS=0 a branch's answers are never replayed; a commit's are", async () => {
    stack = await startStack({ config: { configRefreshMs: 5_000, revisionTtlMs: 0 } });
    const repo = "demo/tiny-model";
    const atMain = `${stack.endpoint}/${repo}/resolve/main/config.json`;
    const { response } = await get(atMain);
    await get(atMain);
    const before = await replayed(stack.server.url);
    const moved = stack.hub.commit("model", repo, "main", { "config.json": '{"moved":true}' });
    const { response: after, body } = await get(atMain);
    expect(after.headers.get("x-repo-commit")).toBe(moved.commit);
    expect(new TextDecoder().decode(body)).toBe('{"moved":true}');
    const info = `${stack.endpoint}/api/models/${repo}/revision/main`;
    for (let i = 0; i < 3; i++) expect((await (await fetch(info)).json()).sha).toBe(moved.commit);
    expect(await replayed(stack.server.url)).toBe(before);
    const pinned = `${stack.endpoint}/${repo}/resolve/${response.headers.get("x-repo-commit")}/config.json`;
    for (let i = 0; i < 3; i++) await get(pinned);
    expect(await replayed(stack.server.url)).toBeGreaterThan(before);
  });

  test("while the Hub is offline a branch's last answers are replayed, and forgotten once it is back", async () => {
    // Kept far longer than the test lasts: only the Hub's return can end these replays.
    stack = await startStack({
      config: {
        configRefreshMs: 60_000,
        replayTtlMs: 60_000,
        revisionTtlMs: 0,
        upstreamOfflineAfterFailures: 2,
        upstreamProbeMs: 200,
      },
    });
    const repo = "demo/tiny-model";
    const atMain = `${stack.endpoint}/${repo}/resolve/main/config.json`;
    const { body: before } = await get(atMain);
    stack.hub.faults.down = true;
    const server = stack.server.url;
    const hubOrigin = new URL(stack.hub.url).origin;
    const offline = () => metricSum(server, "hubcache_upstream_offline", { upstream: hubOrigin });
    await eventually(async () => {
      expect((await get(atMain)).body).toEqual(before);
      expect(await offline()).toBe(1);
    });
    const replayedBefore = await replayed(server);
    for (let i = 0; i < 5; i++) expect((await get(atMain)).body).toEqual(before);
    expect(await replayed(server)).toBeGreaterThan(replayedBefore);

    const moved = stack.hub.commit("model", repo, "main", { "config.json": '{"back":true}' });
    stack.hub.faults.down = false;
    await eventually(async () => {
      const { response, body } = await get(atMain);
      expect(response.headers.get("x-repo-commit")).toBe(moved.commit);
      expect(new TextDecoder().decode(body)).toBe('{"back":true}');
    });
    expect(await offline()).toBe(0);
  });
});
