import {
  AppError,
  isCommitSha,
  matchesRepoPatterns,
  parseHubRoute,
  parsePathsInfoBody,
  type ApiAnswer,
  type HubCache,
  type HubRoute,
  type RemoteContext,
} from "@hubcache/core";
import { randomUUID } from "node:crypto";
import type { DirectLinks } from "./direct-links.ts";
import type { ImmediatePrefetcher } from "./immediate.ts";
import type { DistributionRegistry, MatchedDistribution, ContentToken } from "./distributions.ts";
import { clusterFillResponse, isClusterFillPath } from "./cluster-endpoint.ts";
import { fileResponse, lfsPointerResponse } from "./file-response.ts";
import type { Logger } from "./logger.ts";
import type { ContentMetrics } from "./metrics.ts";
import type { ReadyReport } from "./readiness.ts";
import type { UsageRecorder } from "./usage.ts";
import { inMemoryResponse } from "./memory-body.ts";
import { markReplayable } from "./replay-cache.ts";
import { viaNamesInstance } from "./via.ts";
import { errorResponse, internalErrorResponse, jsonResponse, preflight, withCors } from "./responses.ts";

export interface ContentAppDeps {
  cache: HubCache;
  registry: DistributionRegistry;
  metrics: ContentMetrics;
  usage: UsageRecorder;
  logger: Logger;
  /** This instance's name in `Via`: a request carrying it came back through a remote, and gets a 508. */
  instanceId: string;
  /** How long a client may take to send a request body (paths-info) before it gets a 408. */
  bodyTimeoutMs: number;
  /** CLUSTER_SECRET: other replicas may read this one's fills (cluster-endpoint.ts). */
  clusterSecret?: string | null;
  /** Queues whole snapshots for `immediate` remotes. */
  immediate?: ImmediatePrefetcher;
  /** Whether the database and the store answer (`/readyz`); without it, ready whenever alive. */
  ready?: () => Promise<ReadyReport>;
  /** How long a warm answer may be replayed by the HTTP front (replay-cache.ts); 0: never. */
  replayTtlMs?: number;
  /** How long a branch's commit is trusted: a replay of an answer at a branch lasts no longer. */
  revisionTtlMs?: number;
  /** DIRECT_PORT: large cached files are redirected to it with these links. */
  directLinks?: DirectLinks;
}

const MAX_BODY_BYTES = 1024 * 1024;

interface Served {
  response: Response;
  /** What the cache did for a file request, for the access log. */
  cache?: string;
  /** Set when a 200 of this request may be replayed: for how long, and what serving it again records. */
  replay?: { ttlMs: number; record: () => void };
}

function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/** The raw path, still percent-encoded (`refs%2Fpr%2F1` must stay one segment). */
function rawPathOf(url: string): string {
  const afterScheme = url.indexOf("//") + 2;
  const pathStart = url.indexOf("/", afterScheme);
  const path = pathStart === -1 ? "/" : url.slice(pathStart);
  return path.split("?")[0] ?? "/";
}

function publicBase(request: Request, mount: string): string {
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const host = request.headers.get("x-forwarded-host") ?? url.host;
  return `${proto}://${host}${mount}`;
}

function apiResponse(answer: ApiAnswer): Response {
  const init = { status: answer.status, headers: answer.headers };
  return typeof answer.body === "string"
    ? inMemoryResponse(answer.body, init)
    : new Response(answer.body, init);
}

const bodyTooLarge = () => new AppError(413, null, "Request body too large");

/**
 * Reads a request body within `timeoutMs`: a client that announces more than it sends gets a 408 (and
 * its connection closed) instead of holding the connection until the server's idle timeout.
 */
async function readBody(request: Request, timeoutMs: number): Promise<string> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw bodyTooLarge();
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError(408, null, "Request body not received in time", { connection: "close" })),
      timeoutMs,
    );
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) throw bodyTooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The content server as a function of its dependencies: `fetch(Request) → Response`. */
export function createContentApp(deps: ContentAppDeps) {
  const { cache, registry, metrics, usage, logger, instanceId, bodyTimeoutMs, immediate, ready } = deps;
  const replayTtlMs = deps.replayTtlMs ?? 0;
  const revisionTtlMs = deps.revisionTtlMs ?? 0;

  /**
   * A commit's answer never changes; a branch's lasts as long as its resolution is trusted, or, while its
   * Hub is marked offline, until the Hub is back (replays are then forgotten: server.ts).
   */
  const replayTtlAt = (ctx: RemoteContext, revision: string | null) =>
    (revision !== null && isCommitSha(revision)) || !ctx.upstream.available
      ? replayTtlMs
      : Math.min(replayTtlMs, revisionTtlMs);

  async function authorize(matched: MatchedDistribution, request: Request): Promise<ContentToken | null> {
    const secret = bearerToken(request);
    const { distribution } = matched;
    const token = secret ? await registry.verifyToken(distribution.teamId, secret) : null;
    // A public distribution ignores unknown tokens: clients often send their real HF token.
    if (!token && !distribution.isPublic) {
      throw new AppError(
        401,
        null,
        secret
          ? "Invalid, expired or revoked access token"
          : "This distribution is private: send an access token",
      );
    }
    return token;
  }

  /** An API answer at a revision: replayed like the revision's files. */
  function apiServed(
    answer: ApiAnswer,
    ctx: RemoteContext,
    distributionId: string,
    revision: string | null,
  ): Served {
    const record = () => usage.add(distributionId, { requests: 1 });
    return { response: apiResponse(answer), replay: { ttlMs: replayTtlAt(ctx, revision), record } };
  }

  async function serveRoute(
    request: Request,
    matched: MatchedDistribution,
    route: HubRoute,
    token: ContentToken | null,
  ): Promise<Served> {
    const { distribution, mount } = matched;
    const remote = distribution.remote;
    const ctx: RemoteContext = {
      remoteId: remote.id,
      policy: remote.policy,
      upstream: registry.upstreamFor(remote),
    };
    const base = publicBase(request, mount);
    const search = new URL(request.url).search;
    const repo = "repo" in route ? route.repo : null;
    if (repo && !matchesRepoPatterns(repo, remote.includePatterns, remote.excludePatterns)) {
      throw new AppError(403, null, `Repository ${repo.id} is not served by this distribution`);
    }
    const method = request.method;
    const readOnly = method === "GET" || method === "HEAD";
    switch (route.kind) {
      case "resolve":
      case "raw": {
        if (!readOnly) throw new AppError(405, null, "Files are read with GET or HEAD");
        const file = await cache.files.resolve(ctx, route.repo, route.revision, route.path);
        immediate?.repoRequested(distribution, route.repo, file.meta.commit);
        // `raw/` serves what git stores: a regular file's own bytes, an LFS file's pointer.
        if (route.kind === "raw" && file.meta.lfs) {
          return { response: lfsPointerResponse(request, file, route.path), cache: "pointer" };
        }
        const result = file.source === "cache" ? "hit" : file.source === "download" ? "miss" : "stream";
        if (method === "GET") {
          metrics.cacheLookup(result);
          usage.add(distribution.id, result === "hit" ? { hits: 1 } : { misses: 1 });
        }
        const served = (source: "cache" | "upstream", bytes: number) => {
          metrics.served(source, bytes);
          usage.add(
            distribution.id,
            source === "cache" ? { bytesFromCache: bytes } : { bytesFromUpstream: bytes },
          );
        };
        const response = await fileResponse(request, file, route.path, served, deps.directLinks);
        // Replayed: a cached file's HEAD, and the GET of one held in memory (a GET from disk or a fill
        // goes out as a stream, never kept).
        const replayable = file.source === "cache" && (method === "HEAD" || file.bytes !== null);
        const record = () => {
          usage.add(distribution.id, { requests: 1 });
          immediate?.repoRequested(distribution, route.repo, file.meta.commit);
          if (method !== "GET") return;
          metrics.cacheLookup("hit");
          usage.add(distribution.id, { hits: 1 });
          served("cache", file.meta.size);
          file.recordHit();
        };
        return {
          response,
          cache: result,
          ...(replayable ? { replay: { ttlMs: replayTtlAt(ctx, route.revision), record } } : {}),
        };
      }
      case "info":
        if (!readOnly) throw new AppError(405, null, "Repo info is read with GET");
        return apiServed(
          await cache.api.info(ctx, route.repo, route.revision, search, base),
          ctx,
          distribution.id,
          route.revision,
        );
      case "tree":
        if (!readOnly) throw new AppError(405, null, "Trees are read with GET");
        return apiServed(
          await cache.api.tree(ctx, route.repo, route.revision, route.path, search, base),
          ctx,
          distribution.id,
          route.revision,
        );
      case "commits":
        if (!readOnly) throw new AppError(405, null, "Commits are read with GET");
        return apiServed(
          await cache.api.commits(ctx, route.repo, route.revision, search, base),
          ctx,
          distribution.id,
          route.revision,
        );
      case "pathsInfo": {
        if (method !== "POST") throw new AppError(405, null, "paths-info is a POST");
        const body = parsePathsInfoBody(
          request.headers.get("content-type") ?? "",
          await readBody(request, bodyTimeoutMs),
        );
        return {
          response: apiResponse(await cache.api.pathsInfo(ctx, route.repo, route.revision, body, base)),
        };
      }
      case "refs":
      case "forward": {
        const rawPath =
          route.kind === "refs" ? rawPathOf(request.url).slice(mount.length + 1) : route.rawPath;
        return { response: apiResponse(await cache.api.forward(ctx, method, rawPath, search, base)) };
      }
      case "whoami":
        if (!token) throw new AppError(401, null, "Send a valid access token to identify yourself");
        return {
          response: jsonResponse(200, {
            type: "user",
            id: token.id,
            name: token.name,
            fullname: token.name,
            orgs: [],
            auth: { type: "access_token", accessToken: { displayName: token.name, role: "read" } },
          }),
        };
      case "xetToken":
        // Xet would send clients around the proxy, straight to the CAS: not offered here.
        throw new AppError(404, "EntryNotFound", "Xet storage is not available through this cache");
    }
  }

  async function route(request: Request, requestId: string): Promise<Served> {
    if (viaNamesInstance(request.headers.get("via"), instanceId)) {
      throw new AppError(508, "LoopDetected", "Request loop: a remote of this cache leads back to it");
    }
    const path = rawPathOf(request.url);
    // Liveness: the process answers. Readiness: it can serve (a load balancer sends traffic elsewhere).
    if (path === "/healthz") return { response: jsonResponse(200, { status: "ok" }) };
    if (path === "/readyz") {
      const report = ready ? await ready() : null;
      if (!report || report.ready) return { response: jsonResponse(200, { status: "ready" }) };
      return { response: jsonResponse(503, { status: "not ready", checks: report.checks }) };
    }
    if (path === "/metrics") {
      const text = await metrics.registry.metrics();
      return {
        response: inMemoryResponse(text, { headers: { "content-type": metrics.registry.contentType } }),
      };
    }
    if (isClusterFillPath(path)) {
      return {
        response: clusterFillResponse(request, path, cache, deps.clusterSecret ?? null),
        cache: "peer",
      };
    }
    if (request.method === "OPTIONS") return { response: preflight() };
    const matched = await registry.match(path);
    if (!matched) throw new AppError(404, null, "No distribution is served at this path");
    const token = await authorize(matched, request);
    usage.add(matched.distribution.id, { requests: 1 });
    const served = await serveRoute(request, matched, parseHubRoute(matched.rest), token);
    logger.debug({ requestId, distribution: matched.distribution.basePath }, "routed");
    return served;
  }

  return {
    async fetch(request: Request): Promise<Response> {
      const started = performance.now();
      const requestId = request.headers.get("x-request-id") ?? randomUUID();
      let served: Served;
      try {
        served = await route(request, requestId);
      } catch (error) {
        if (error instanceof AppError) {
          if (error.status >= 500 && error.cause !== undefined) {
            logger.warn({ requestId, err: error.cause }, error.message);
          }
          served = { response: errorResponse(error) };
        } else {
          logger.error({ requestId, err: error }, "request failed");
          served = { response: internalErrorResponse(requestId) };
        }
      }
      const { response } = served;
      withCors(response.headers).set("x-request-id", requestId);
      const { method } = request;
      const path = rawPathOf(request.url);
      /** Counts and logs one answer to this request: the app's own, or a replay of it. */
      const answered = (id: string, status: number, ms: number) => {
        metrics.request(method, status);
        logger.info({ requestId: id, method, path, status, cache: served.cache, ms }, "request");
      };
      answered(requestId, response.status, Math.round(performance.now() - started));
      if (served.replay && response.status === 200 && served.replay.ttlMs > 0) {
        const { ttlMs, record } = served.replay;
        markReplayable(response, {
          ttlMs,
          onReplay: (replayId) => {
            record();
            metrics.replayed();
            answered(replayId, 200, 0);
          },
        });
      }
      return response;
    },
  };
}
