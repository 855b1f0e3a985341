import { describe, expect, test } from "bun:test";
import { ReplayCache, replayKeyOf } from "../src/replay-cache.ts";

const headersOf =
  (headers: Record<string, string | string[]>) =>
  (name: string): string | string[] | undefined =>
    headers[name];

const base = { host: "cache.internal", "user-agent": "hf_hub/0.30" };

describe("replayKeyOf", () => {
  test("is the same for the same request, whatever headers the answer does not depend on", () => {
    const one = replayKeyOf("GET", "/hf/a/resolve/main/x", headersOf(base));
    const two = replayKeyOf("GET", "/hf/a/resolve/main/x", headersOf({ ...base, "user-agent": "curl" }));
    expect(one).not.toBeNull();
    expect(two).toBe(one);
  });

  test("differs by method, URL, token, host and forwarded origin", () => {
    const keyOf = (method: string, url: string, extra: Record<string, string> = {}) =>
      replayKeyOf(method, url, headersOf({ ...base, ...extra }));
    const keys = [
      keyOf("GET", "/hf/a/resolve/main/x"),
      keyOf("HEAD", "/hf/a/resolve/main/x"),
      keyOf("GET", "/hf/a/resolve/main/y"),
      keyOf("GET", "/hf/a/resolve/main/x?download=1"),
      keyOf("GET", "/hf/a/resolve/main/x", { authorization: "Bearer one" }),
      keyOf("GET", "/hf/a/resolve/main/x", { authorization: "Bearer two" }),
      keyOf("GET", "/hf/a/resolve/main/x", { host: "other.internal" }),
      keyOf("GET", "/hf/a/resolve/main/x", { "x-forwarded-proto": "https" }),
      keyOf("GET", "/hf/a/resolve/main/x", { "x-forwarded-host": "cache.example" }),
    ];
    expect(keys.every((key) => key !== null)).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("is null for what is never replayed", () => {
    expect(replayKeyOf("POST", "/hf/api/models/a/paths-info/main", headersOf(base))).toBeNull();
    expect(replayKeyOf("OPTIONS", "/hf/a/resolve/main/x", headersOf(base))).toBeNull();
    for (const header of ["range", "if-none-match", "if-modified-since", "via", "x-request-id"]) {
      expect(replayKeyOf("GET", "/hf/a", headersOf({ ...base, [header]: "x" }))).toBeNull();
    }
    // Two Authorization headers: which one the app would read is not for the key to guess.
    expect(
      replayKeyOf("GET", "/hf/a", headersOf({ ...base, authorization: ["Bearer a", "Bearer b"] })),
    ).toBeNull();
  });
});

describe("ReplayCache", () => {
  const onReplay = () => undefined;
  const body = (size: number) => new Uint8Array(size);

  test("keeps an answer until it expires", () => {
    let now = 1_000;
    const cache = new ReplayCache(1024 * 1024, () => now);
    cache.put("k", 200, { etag: '"a"' }, body(10), { ttlMs: 500, onReplay });
    expect(cache.get("k")?.body?.byteLength).toBe(10);
    now += 499;
    expect(cache.get("k")?.headers).toEqual({ etag: '"a"' });
    now += 1;
    expect(cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test("keeps nothing with no time to live", () => {
    const cache = new ReplayCache(1024 * 1024);
    cache.put("k", 200, {}, body(10), { ttlMs: 0, onReplay });
    expect(cache.get("k")).toBeUndefined();
  });

  test("holds at most maxBytes: the oldest answers go first, one too large is never kept", () => {
    const cache = new ReplayCache(1_000);
    cache.put("a", 200, {}, body(400), { ttlMs: 60_000, onReplay });
    cache.put("b", 200, {}, body(400), { ttlMs: 60_000, onReplay });
    cache.put("c", 200, {}, body(400), { ttlMs: 60_000, onReplay });
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    cache.put("huge", 200, {}, body(2_000), { ttlMs: 60_000, onReplay });
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(2);
    // Put again, an answer replaces its old self instead of counting twice.
    for (let i = 0; i < 10; i++) cache.put("b", 200, {}, body(400), { ttlMs: 60_000, onReplay });
    expect(cache.get("c")).toBeDefined();
  });

  test("clear forgets everything", () => {
    const cache = new ReplayCache(1024 * 1024);
    cache.put("a", 200, {}, null, { ttlMs: 60_000, onReplay });
    cache.clear();
    expect(cache.get("a")).toBeUndefined();
    cache.put("b", 200, {}, body(10), { ttlMs: 60_000, onReplay });
    expect(cache.size).toBe(1);
  });
});
