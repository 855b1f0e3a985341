import { generateToken } from "@hubcache/db";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { addPrivateDistribution, startStack, type Stack } from "./harness.ts";

// Hostile paths, generated from a fixed seed, against both base paths of the public distribution and a
// private one. The app is called directly: Bun builds `request.url` with the same WHATWG URL parser as
// `new Request`, so the app sees what it would see over a socket (hostile.test.ts covers the socket).

const SEED = 0x5eed_c0de;
const PATHS = 5000;

/** mulberry32: small, fast, good enough to spread test cases. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let stack: Stack;
let sentinelHits = 0;
let sentinel: Server;
let sentinelHost = "";
let token = "";
const OUTSIDE = `outside-the-store-${generateToken()}`;
const SENTINEL = `sentinel-${generateToken()}`;

beforeAll(async () => {
  sentinel = createServer((_, response) => {
    sentinelHits++;
    response.end(SENTINEL);
  });
  await new Promise<void>((resolve) => sentinel.listen(0, "127.0.0.1", resolve));
  sentinelHost = `127.0.0.1:${(sentinel.address() as AddressInfo).port}`;
  stack = await startStack();
  stack.hub.addRepo({ id: "acme/secret-model", private: true, files: { "weights.bin": "private bytes" } });
  // Bytes that exist on this machine but not in the store: no answer may ever contain them.
  await writeFile(join(stack.dir, "outside.txt"), OUTSIDE);
  ({ token } = await addPrivateDistribution(stack, "team-a/private"));
});
afterAll(async () => {
  await stack.stop();
  await new Promise<void>((resolve) => sentinel.close(() => resolve()));
});

interface Case {
  method: "GET" | "HEAD" | "POST";
  /** Below the distribution's base, no leading slash, possibly with a query. */
  path: string;
  body?: string;
}

function generator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const host = () =>
    pick([
      `@${sentinelHost}`,
      `//${sentinelHost}`,
      `%2F%2F${sentinelHost}`,
      `http:%2F%2F${sentinelHost}`,
      `http://${sentinelHost}/x`,
      `https:${sentinelHost}`,
      `user:pass@${sentinelHost}`,
      sentinelHost,
      `localhost:${sentinelHost.split(":")[1]}`,
      `\\\\${sentinelHost}`,
      `%5C%5C${sentinelHost}`,
      "169.254.169.254",
      "[::1]",
    ]);
  const traversal = () =>
    pick([
      "..",
      ".",
      "%2e%2e",
      "%2E%2e",
      ".%2e",
      "%2e.",
      "%2e",
      "..%2f",
      "..%2F",
      "%2e%2e%2f",
      "%2e%2e%2F..%2f",
      "..%5c",
      "..\\",
      "%252e%252e%252f",
      "%25%32%65%25%32%65",
      "..%c0%af",
      "%c0%ae%c0%ae",
      "..%ef%bc%8f",
      "....//",
      "..;",
      "%2e%2e;",
      "a%2F..%2F..%2Fb",
      "%2F..",
    ]);
  const control = () => {
    const code = pick([0, 1, 7, 8, 9, 10, 13, 27, 31, 0x7f, 0x80, 0x85, 0x9b, 0x9f]);
    if (chance(0.3)) return String.fromCharCode(code);
    return code < 0x80 ? `%${code.toString(16).padStart(2, "0")}` : `%C2%${code.toString(16).toUpperCase()}`;
  };
  const unicode = () =>
    pick([
      "é",
      "日本語",
      "\u202e",
      "😀",
      "%F0%9F%98%80",
      "%ED%A0%80",
      "%FF",
      "%C3",
      "%E0%A4%A",
      "%",
      "%zz",
      "Ω",
    ]);
  const long = () => pick(["a", "%2e", "ab/", "x%00"]).repeat(pick([100, 300, 1100, 3000, 9000]));
  const hostile = (): string =>
    pick([traversal, traversal, control, unicode, host, long, () => `${word()}${hostile()}${word()}`])();
  const word = () =>
    pick([
      "config.json",
      "README.md",
      "tokenizer",
      "tokenizer.json",
      "onnx",
      "model.onnx",
      "data",
      "test.csv",
    ]);
  const segment = () => (chance(0.45) ? hostile() : word());
  const filePath = () => Array.from({ length: 1 + Math.floor(random() * 4) }, segment).join("/");
  const repoId = () => {
    const id = pick(["demo/tiny-model", "gpt2", "demo/tiny-dataset", "demo/tiny-space", "acme/secret-model"]);
    if (!chance(0.25)) return id;
    const parts = id.split("/");
    parts[Math.floor(random() * parts.length)] = hostile();
    return parts.join("/");
  };
  const revision = () =>
    chance(0.5)
      ? pick(["main", "v1.0", "refs%2Fpr%2F1", "HEAD", "0".repeat(40)])
      : pick([
          hostile(),
          "refs/pr/1",
          "%48EAD",
          "main%00",
          "refs%2F..%2Fmain",
          "@{-1}",
          "main~1",
          "main^",
          "main:config.json",
          "-rf",
          "%2Fmain",
          "main%2F",
          "ma%69n",
          "x".repeat(300),
          " main",
        ]);
  const typePrefix = () =>
    pick(["", "", "datasets/", "spaces/", "models/", "DATASETS/", "foos/", `${hostile()}/`]);
  const plural = () => pick(["models", "models", "datasets", "spaces", "Models", "foos", hostile()]);
  const query = () =>
    chance(0.7)
      ? ""
      : pick([
          "?recursive=true&expand=true",
          "?x=..%2f..%2f",
          "?%00",
          `?url=http://${sentinelHost}/`,
          "?#frag",
          "?p=1&limit=10000000000",
          "?blobs=true",
        ]);
  const action = () =>
    pick([
      "tree",
      "revision",
      "refs",
      "commits",
      "discussions",
      "paths-info",
      "xet-read-token",
      "resolve",
      hostile(),
    ]);

  return (): Case => {
    const shape = Math.floor(random() * 7);
    const method = chance(0.3) ? "HEAD" : "GET";
    switch (shape) {
      case 0:
      case 1:
        return { method, path: `${typePrefix()}${repoId()}/resolve/${revision()}/${filePath()}${query()}` };
      case 2:
        return {
          method,
          path: `api/${plural()}/${repoId()}${chance(0.5) ? `/revision/${revision()}` : ""}${query()}`,
        };
      case 3:
        return { method, path: `api/${plural()}/${repoId()}/tree/${revision()}/${filePath()}${query()}` };
      case 4:
        return {
          method: "POST",
          path: `api/${plural()}/${repoId()}/paths-info/${revision()}`,
          body: JSON.stringify({ paths: [filePath(), filePath()], expand: chance(0.5) }),
        };
      case 5:
        return {
          method,
          path: `api/${plural()}/${repoId()}/${action()}/${revision()}/${filePath()}${query()}`,
        };
      default:
        return {
          method,
          path: `${Array.from({ length: 1 + Math.floor(random() * 6) }, segment).join("/")}${query()}`,
        };
    }
  };
}

/**
 * What a request for the normalized path `below` (under a distribution) may ask the Hub: routes of the
 * repo named at its start (one or two segments), or the content-addressed CDN it redirects to.
 */
function allowedUpstream(below: string, upstreamPath: string): boolean {
  const segments = below.split("?")[0]?.split("/") ?? [];
  let plural = "models";
  let prefix = "";
  let rest = segments;
  if (segments[0] === "api") {
    plural = segments[1] ?? "";
    prefix = plural === "models" ? "" : `${plural}/`;
    rest = segments.slice(2);
  } else if (segments[0] === "datasets" || segments[0] === "spaces") {
    plural = segments[0];
    prefix = `${plural}/`;
    rest = segments.slice(1);
  }
  if (upstreamPath.startsWith("/cdn-lfs/")) return true;
  return [1, 2].some((length) => {
    if (rest.length < length) return false;
    const id = rest.slice(0, length).join("/");
    return (
      upstreamPath.startsWith(`/${prefix}${id}/resolve/`) ||
      upstreamPath.startsWith(`/api/resolve-cache/${plural}/${id}/`) ||
      new RegExp(`^/api/${plural}/${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/|\\?|$)`).test(upstreamPath)
    );
  });
}

const BASES = [
  { base: "/pulp/content/team-a/private", private: true },
  { base: "/pulp/content/huggingface", private: false },
  { base: "/team-a/private", private: true },
  { base: "/huggingface", private: false },
];

function locate(pathname: string): { below: string; private: boolean } | null {
  const found = BASES.find(({ base }) => pathname.startsWith(`${base}/`));
  return found ? { below: pathname.slice(found.base.length + 1), private: found.private } : null;
}

/** No dot segment, control character, backslash or empty segment, once decoded. */
function cleanUpstreamPath(upstreamPath: string): boolean {
  const segments = (upstreamPath.split("?")[0] ?? "").split("/").slice(1);
  return segments.every((raw, index) => {
    if (raw === "") return index === segments.length - 1;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return false;
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\\]/.test(decoded)) return false;
    return decoded.split("/").every((part) => part !== "" && part !== "." && part !== "..");
  });
}

test(`${PATHS} generated hostile paths: no 5xx, no foreign bytes, no stray upstream request`, async () => {
  const next = generator(prng(SEED));
  const origin = stack.server.url;
  const targets = [
    { base: "/huggingface", private: false },
    { base: "/pulp/content/huggingface", private: false },
    { base: "/team-a/private", private: true },
    { base: "/pulp/content/team-a/private", private: true },
  ];
  const failures: string[] = [];
  let sent = 0;
  const statuses = new Map<number, number>();
  let upstreamRequests = 0;
  for (let n = 0; n < PATHS && failures.length < 10; n++) {
    const item = next();
    for (const target of targets) {
      const withToken = target.private && n % 4 === 0;
      let request: Request;
      try {
        request = new Request(`${origin}${target.base}/${item.path}`, {
          method: item.method,
          headers: {
            "content-type": "application/json",
            ...(withToken ? { authorization: `Bearer ${token}` } : {}),
            ...(target.private && n % 4 === 1 ? { authorization: "Bearer hc_not_a_token" } : {}),
          },
          ...(item.body === undefined ? {} : { body: item.body }),
        });
      } catch {
        continue; // Not a URL an HTTP client could send.
      }
      const normalized = new URL(request.url).pathname;
      sent++;
      const before = stack.hub.requests.length;
      const response = await stack.server.fetch(request);
      const body = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(body);
      const asked = stack.hub.requests.slice(before).map((recorded) => recorded.path);
      upstreamRequests += asked.length;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const where = `${item.method} ${target.base}/${item.path.slice(0, 300)}${withToken ? " (token)" : ""}`;
      if (response.status >= 500) failures.push(`${response.status} for ${where}: ${text.slice(0, 200)}`);
      if (text.includes(OUTSIDE) || text.includes("root:x:0:0") || text.includes(SENTINEL)) {
        failures.push(`foreign bytes for ${where}`);
      }
      // Where the request landed once its URL was normalized (`..` resolved): maybe another distribution.
      const landed = locate(normalized);
      if (landed?.private && !withToken) {
        if (response.status !== 401) failures.push(`${response.status} without a token: ${where}`);
        if (asked.length > 0) failures.push(`upstream asked without a token: ${where}`);
      }
      for (const path of asked) {
        if (!landed || !allowedUpstream(landed.below, path) || !cleanUpstreamPath(path)) {
          failures.push(`upstream ${path.slice(0, 200)} for ${where}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
  // Paths no HTTP client could send are skipped: most of each base's share still went out.
  expect(sent).toBeGreaterThan(PATHS * targets.length * 0.9);
  expect(sentinelHits).toBe(0);
  // The generator reaches the Hub too (plausible paths), not only the 4xx paths.
  expect(upstreamRequests).toBeGreaterThan(100);
  expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
}, 120_000);
