import { createHash } from "node:crypto";
import type { CacheIndex, CachedApiResponse, RepoKey } from "../cache/cache-index.ts";
import { badRequest } from "../hub/errors.ts";
import { canonicalQuery, isTruthy } from "../hub/params.ts";
import { isCommitSha, repoApiPlural } from "../hub/repo.ts";
import type { RepoRef } from "../hub/route.ts";
import { clientHeadersFromUpstream, rewriteLinkHeader, stripXetFields } from "../hub/sanitize.ts";
import { isUpstreamOutage, type UpstreamResponse } from "../upstream/client.ts";
import { errorFromUpstream } from "../upstream/errors.ts";
import { repoKey, type RemoteContext } from "./context.ts";
import type { RevisionCache } from "./revisions.ts";
import { SingleFlight } from "./single-flight.ts";
import { readText } from "./streams.ts";
import { AppError } from "../errors.ts";

const MAX_JSON_BYTES = 32 * 1024 * 1024;
const MAX_PATHS = 10_000;
/** Stored `Link` URLs are relative to this stand-in origin; each answer moves them under its own base. */
const STORED_ORIGIN = "http://stored.invalid";

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | ReadableStream<Uint8Array> | null;
}

interface UpstreamCall {
  method: "GET" | "POST";
  rawPath: string;
  search?: string;
  body?: string;
  contentType?: string;
}

export interface PathsInfoRequest {
  paths: string[];
  expand: boolean;
}

function apiBase(repo: RepoRef): string {
  return `api/${repoApiPlural(repo.type)}/${repo.id}`;
}

function infoCall(repo: RepoRef, revision: string | null, search: string): UpstreamCall {
  const rawPath =
    revision === null ? apiBase(repo) : `${apiBase(repo)}/revision/${encodeURIComponent(revision)}`;
  return { method: "GET", rawPath, search };
}

/** An info query listing fields (`expand=…`, `expand[]=…`) without `sha`: the Hub's answer won't name its commit. */
function expandsWithoutSha(search: string): boolean {
  const params = new URLSearchParams(search);
  const fields = [...params.getAll("expand"), ...params.getAll("expand[]")];
  return fields.length > 0 && !fields.includes("sha");
}

/** `application/json` or a structured `+json` type (`application/problem+json`), parameters aside. */
function isJson(headers: Headers): boolean {
  const type = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9!#$&^_.+-]+\+json$/.test(type);
}

/** Parses a paths-info body: Python sends a form (`paths=a&paths=b`), hub.js sends JSON. */
export function parsePathsInfoBody(contentType: string, body: string): PathsInfoRequest {
  let paths: unknown;
  let expand: unknown;
  if (contentType.includes("json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw badRequest("paths-info body is not valid JSON");
    }
    if (parsed === null || typeof parsed !== "object") throw badRequest("paths-info body must be an object");
    ({ paths, expand } = parsed as { paths?: unknown; expand?: unknown });
    if (typeof paths === "string") paths = [paths];
    if (typeof expand === "string") expand = isTruthy(expand);
  } else {
    // huggingface_hub 0.x spells form booleans `True`/`False`, 1.x `true`/`false`.
    const form = new URLSearchParams(body);
    paths = form.getAll("paths");
    expand = isTruthy(form.get("expand"));
  }
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === "string")) {
    throw badRequest("paths-info needs a non-empty `paths` list of strings");
  }
  if (paths.length > MAX_PATHS) throw badRequest(`paths-info accepts at most ${MAX_PATHS} paths`);
  return { paths: [...new Set(paths as string[])].sort(), expand: expand === true };
}

/** The Hub's JSON API, cached by commit: info, tree pages and paths-info never change at a commit. */
export class ApiService {
  /** Info asked upstream for a revision, one call per question at a time. */
  private readonly infoFlights = new SingleFlight<CachedApiResponse>();
  /** Answers fetched for a commit, one call per question at a time. */
  private readonly commitFlights = new SingleFlight<CachedApiResponse>();

  constructor(
    private readonly index: CacheIndex,
    private readonly revisions: RevisionCache,
  ) {}

  async info(
    ctx: RemoteContext,
    repo: RepoRef,
    revision: string | null,
    search: string,
    publicBase: string,
  ): Promise<ApiAnswer> {
    const cacheKey = `info${canonicalQuery(search)}`;
    const stored = await this.infoAt(ctx, repo, revision, cacheKey, canonicalQuery(search));
    return publicAnswer(stored, publicBase);
  }

  async tree(
    ctx: RemoteContext,
    repo: RepoRef,
    revision: string,
    path: string,
    search: string,
    publicBase: string,
  ): Promise<ApiAnswer> {
    const commit = await this.commitOf(ctx, repo, revision);
    const query = canonicalQuery(search);
    const suffix = path ? `/${path.split("/").map(encodeURIComponent).join("/")}` : "";
    const stored = await this.atCommit(ctx, repo, commit, `tree/${path}${query}`, {
      method: "GET",
      rawPath: `${apiBase(repo)}/tree/${commit}${suffix}`,
      search: query,
    });
    return publicAnswer(stored, publicBase);
  }

  /** A page of a revision's history: bound to the commit the revision stands for, cached for good. */
  async commits(
    ctx: RemoteContext,
    repo: RepoRef,
    revision: string,
    search: string,
    publicBase: string,
  ): Promise<ApiAnswer> {
    const commit = await this.commitOf(ctx, repo, revision);
    const query = canonicalQuery(search);
    const stored = await this.atCommit(ctx, repo, commit, `commits${query}`, {
      method: "GET",
      rawPath: `${apiBase(repo)}/commits/${commit}`,
      search: query,
    });
    return publicAnswer(stored, publicBase);
  }

  async pathsInfo(
    ctx: RemoteContext,
    repo: RepoRef,
    revision: string,
    request: PathsInfoRequest,
    publicBase: string,
  ): Promise<ApiAnswer> {
    const commit = await this.commitOf(ctx, repo, revision);
    const body = JSON.stringify(request);
    const key = `paths-info/${createHash("sha256").update(body).digest("hex")}`;
    const stored = await this.atCommit(ctx, repo, commit, key, {
      method: "POST",
      rawPath: `${apiBase(repo)}/paths-info/${commit}`,
      body,
      contentType: "application/json",
    });
    return publicAnswer(stored, publicBase);
  }

  /**
   * Any other read-only API call (refs, listings, search): passed through, sanitized, not cached. Only JSON
   * answers are passed; a redirect or error without a JSON body passes its status and Hub headers only.
   */
  async forward(
    ctx: RemoteContext,
    method: string,
    rawPath: string,
    search: string,
    publicBase: string,
  ): Promise<ApiAnswer> {
    if (method !== "GET" && method !== "HEAD") {
      throw new AppError(405, null, "Only read-only (GET/HEAD) Hub API calls go through the cache");
    }
    const upstream = ctx.upstream;
    const response = await upstream.request(method, upstream.url(rawPath, search));
    if (response.status >= 500) throw await errorFromUpstream(response);
    const headers = clientHeadersFromUpstream(response.headers, upstream.config.hubUrl, publicBase);
    if (!isJson(response.headers)) {
      // The Hub's API speaks JSON: anything else (a file, a page) is not passed on, whatever it is.
      await response.discard();
      if (response.status < 300 && response.status !== 204) {
        throw new AppError(
          502,
          "UpstreamError",
          "Upstream Hub answered an API call with something else than JSON",
        );
      }
      delete headers["content-type"];
      return { status: response.status, headers, body: null };
    }
    if (method === "HEAD") {
      await response.discard();
      return { status: response.status, headers, body: null };
    }
    const text = await readText(response.body, MAX_JSON_BYTES);
    return { status: response.status, headers, body: sanitizeJsonText(text) };
  }

  /** The commit a revision stands for: a sha, a fresh resolution, else upstream's answer (or the last one). */
  async commitOf(ctx: RemoteContext, repo: RepoRef, revision: string): Promise<string> {
    const fresh = await this.revisions.fresh(repoKey(ctx, repo), revision);
    if (fresh) return fresh;
    const info = await this.infoAt(ctx, repo, revision, "info", "");
    const commit = info.headers["x-repo-commit"];
    if (!commit) throw new AppError(502, "UpstreamError", "Upstream Hub did not tell the revision's commit");
    return commit;
  }

  /**
   * Repo info at a revision, kept by commit. A revision not resolved lately is asked upstream, one call per
   * question at a time; the commit is the answer's `sha`, remembered for the revision.
   */
  private async infoAt(
    ctx: RemoteContext,
    repo: RepoRef,
    revision: string | null,
    cacheKey: string,
    search: string,
  ): Promise<CachedApiResponse> {
    const key = repoKey(ctx, repo);
    const revisionKey = revision ?? "HEAD";
    const fresh = await this.revisions.fresh(key, revisionKey);
    if (fresh) return this.atCommit(ctx, repo, fresh, cacheKey, infoCall(repo, fresh, search));
    // A Hub marked offline would refuse at once: the answer at the revision's last commit is given.
    if (!ctx.upstream.available) {
      const cached = await this.answerAtLast(key, revisionKey, cacheKey);
      if (cached) return cached;
    }
    try {
      return await this.infoFlights.run(
        `${ctx.remoteId}\n${repo.type}\n${repo.id}\n${revisionKey}\n${cacheKey}`,
        () => this.infoUpstream(ctx, repo, revision, cacheKey, search),
      );
    } catch (error) {
      if (!isUpstreamOutage(error)) throw error;
      const cached = await this.answerAtLast(key, revisionKey, cacheKey);
      if (cached) return cached;
      throw error;
    }
  }

  /** The answer kept at the commit the revision resolved to last, however long ago. */
  private async answerAtLast(
    key: RepoKey,
    revision: string,
    cacheKey: string,
  ): Promise<CachedApiResponse | null> {
    const last = await this.revisions.last(key, revision);
    return last ? this.index.getApiResponse(key, last, cacheKey) : null;
  }

  private async infoUpstream(
    ctx: RemoteContext,
    repo: RepoRef,
    revision: string | null,
    cacheKey: string,
    search: string,
  ): Promise<CachedApiResponse> {
    const key = repoKey(ctx, repo);
    if (!expandsWithoutSha(search)) {
      const response = await this.fetchJson(ctx, infoCall(repo, revision, search));
      const sha = (JSON.parse(response.body) as { sha?: unknown }).sha;
      if (typeof sha === "string" && isCommitSha(sha)) {
        response.headers["x-repo-commit"] = sha;
        await this.revisions.remember(key, revision ?? "HEAD", sha);
        await this.index.putApiResponse(key, sha, cacheKey, response);
        return response;
      }
      if (search === "") {
        throw new AppError(502, "UpstreamError", "Upstream Hub answered repo info without a commit sha");
      }
    }
    // With `expand`, the Hub answers only `_id`, `id` and the fields listed: without `sha`, the commit is
    // learnt from a plain info call (resolved and kept like any revision), and the question is asked at
    // that commit, so the answer passed on is the upstream's own at the commit it is kept under.
    const plain = await this.infoAt(ctx, repo, revision, "info", "");
    const commit = plain.headers["x-repo-commit"];
    if (!commit) throw new AppError(502, "UpstreamError", "Upstream Hub did not tell the revision's commit");
    return this.atCommit(ctx, repo, commit, cacheKey, infoCall(repo, commit, search));
  }

  private async atCommit(
    ctx: RemoteContext,
    repo: RepoRef,
    commit: string,
    cacheKey: string,
    call: UpstreamCall,
  ): Promise<CachedApiResponse> {
    const key: RepoKey = repoKey(ctx, repo);
    const cached = await this.index.getApiResponse(key, commit, cacheKey);
    if (cached) return cached;
    return this.commitFlights.run(
      `${ctx.remoteId}\n${repo.type}\n${repo.id}\n${commit}\n${cacheKey}`,
      async () => {
        const response = await this.fetchJson(ctx, call);
        response.headers["x-repo-commit"] ??= commit;
        await this.index.putApiResponse(key, commit, cacheKey, response);
        return response;
      },
    );
  }

  private async fetchJson(ctx: RemoteContext, call: UpstreamCall): Promise<CachedApiResponse> {
    const upstream = ctx.upstream;
    const headers: Record<string, string> = { accept: "application/json" };
    if (call.contentType) headers["content-type"] = call.contentType;
    const response: UpstreamResponse = await upstream.request(
      call.method,
      upstream.url(call.rawPath, call.search ?? ""),
      {
        headers,
        ...(call.body === undefined ? {} : { body: call.body }),
      },
    );
    if (response.status >= 300) throw await errorFromUpstream(response);
    const text = await readText(response.body, MAX_JSON_BYTES);
    return {
      status: response.status,
      headers: clientHeadersFromUpstream(response.headers, upstream.config.hubUrl, STORED_ORIGIN),
      body: sanitizeJsonText(text),
    };
  }
}

function sanitizeJsonText(text: string): string {
  try {
    return JSON.stringify(stripXetFields(JSON.parse(text)));
  } catch {
    throw new AppError(502, "UpstreamError", "Upstream Hub sent invalid JSON");
  }
}

function publicAnswer(stored: CachedApiResponse, publicBase: string): ApiAnswer {
  const headers: Record<string, string> = {
    ...stored.headers,
    "content-type": "application/json; charset=utf-8",
  };
  if (headers.link) {
    const link = rewriteLinkHeader(headers.link, STORED_ORIGIN, publicBase);
    if (link) headers.link = link;
    else delete headers.link;
  }
  return { status: stored.status, headers, body: stored.body };
}
