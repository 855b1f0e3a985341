import { generateToken, hashToken, openDb, type DbHandle } from "@hubcache/db";
import { expect } from "bun:test";
import { seedDemoRepos, startFakeHub, type FakeHub, type FakeHubOptions } from "@hubcache/fake-hub";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type ContentConfig } from "../src/env.ts";
import { metricSum } from "./metrics.ts";
import { createLogger } from "../src/logger.ts";
import { startContentServer, type RunningContentServer } from "../src/server.ts";

export const REMOTE_TOKEN = "hf_remote_token_of_the_team";

export interface Stack {
  hub: FakeHub;
  server: RunningContentServer;
  /** The bootstrapped public distribution's base URL: what HF_ENDPOINT is set to. */
  endpoint: string;
  /** A second connection to the content server's database, to change configuration as the console would. */
  database: DbHandle;
  dir: string;
  /**
   * A request answered by the app itself, without a socket: for tests of what the server answers (routes,
   * headers, tokens). Tests of the transport (ranges over sendfile, cut connections) use `fetch`.
   */
  request(url: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface StackOptions {
  hub?: FakeHubOptions;
  config?: Partial<ContentConfig>;
  seed?: (hub: FakeHub) => void;
}

/** A stand-in Hub, a fresh SQLite database and storage folder, and the content server on a real socket. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-content-"));
  const hub = await startFakeHub({
    tokens: { [REMOTE_TOKEN]: { user: "team-bot", canAccess: ["*"] } },
    ...options.hub,
  });
  (options.seed ?? seedDemoRepos)(hub);
  const databaseUrl = `file:${join(dir, "hubcache.db")}`;
  const config: ContentConfig = {
    ...loadConfig({ HUBCACHE_SECRET: "test" }),
    host: "127.0.0.1",
    port: 0,
    databaseUrl,
    storageDir: join(dir, "blobs"),
    hubUrl: hub.url,
    hubToken: REMOTE_TOKEN,
    configRefreshMs: 200,
    // Every request may try a Hub marked offline: tests that heal the stand-in Hub see it at once.
    // (dead-hub.test.ts covers the fail-fast behaviour with a real probe interval.)
    upstreamProbeMs: 0,
    logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
    ...options.config,
  };
  process.env.HUBCACHE_SECRET = "test";
  const server = await startContentServer(config, createLogger(config.logLevel));
  const database = await openDb(config.databaseUrl, { migrate: false });
  return {
    hub,
    server,
    endpoint: `${server.url}/huggingface`,
    database,
    dir,
    request: (url, init) => server.fetch(new Request(url, init)),
    async stop() {
      await server.stop();
      await database.close();
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` passes, polling; fails with the last error after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await Bun.sleep(25);
    }
  }
}

/**
 * Waits until the server has stored and indexed every file it downloaded: a client gets the last byte
 * once the file is verified; it is moved into the store and indexed a moment later.
 */
export async function fillsRecorded(serverUrl: string): Promise<void> {
  await eventually(async () => expect(await metricSum(serverUrl, "hubcache_downloads_in_flight")).toBe(0));
}

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}

/** Bytes as a plain Uint8Array, comparable with toEqual whatever buffer type they came in. */
export function bytesOf(data: ArrayBuffer | Uint8Array): Uint8Array {
  return new Uint8Array(data);
}

/** A plain HTTP server on 127.0.0.1 (a remote's target in tests) that records the paths asked of it. */
export interface Listener {
  url: string;
  port: number;
  seen: string[];
  close(): Promise<void>;
}

export async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<Listener> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? "");
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let distributions = 0;

/**
 * A remote at `hubUrl` and a public distribution of it, added as the console would; resolves to the
 * distribution's base URL once the content server has re-read its configuration.
 */
export async function addDistribution(stack: Stack, hubUrl: string, basePath?: string): Promise<string> {
  const db = stack.database.db;
  const team = await db.team.findFirstOrThrow();
  const name = basePath ?? `remote-${++distributions}`;
  const remote = await db.remote.create({ data: { teamId: team.id, name, hubUrl } });
  await db.distribution.create({
    data: { teamId: team.id, name, basePath: name, remoteId: remote.id, isPublic: true },
  });
  const base = `${stack.server.url}/${name}`;
  // Matched once re-read: whoami then asks for a token instead of "no distribution here".
  await eventually(async () => expect((await fetch(`${base}/api/whoami-v2`)).status).toBe(401));
  return base;
}

/**
 * A private distribution at `basePath` over the default team's remote, and an access token of that team:
 * the distribution's base URL (once the content server serves it) and the token's secret.
 */
export async function addPrivateDistribution(
  stack: Stack,
  basePath: string,
  tokenName = "ci",
): Promise<{ base: string; token: string }> {
  const db = stack.database.db;
  const team = await db.team.findFirstOrThrow();
  const remote = await db.remote.findFirstOrThrow();
  await db.distribution.create({
    data: {
      teamId: team.id,
      name: basePath.replaceAll("/", "-"),
      basePath,
      remoteId: remote.id,
      isPublic: false,
    },
  });
  const token = generateToken();
  await db.contentToken.create({
    data: { teamId: team.id, name: tokenName, secretHash: hashToken(token) },
  });
  const base = `${stack.server.url}/${basePath}`;
  // Served once the content server has re-read its configuration, which is also when it knows the token.
  const whoami = (headers: Record<string, string>) => fetch(`${base}/api/whoami-v2`, { headers });
  await eventually(async () => {
    expect((await whoami({})).status).toBe(401);
    expect((await whoami({ authorization: `Bearer ${token}` })).status).toBe(200);
  });
  return { base, token };
}
