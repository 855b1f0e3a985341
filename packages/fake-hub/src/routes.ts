import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { canAccess, identify, type Caller, type TokenGrant, type UrlSigner } from "./auth.ts";
import { Blob, lfsPointer } from "./content.ts";
import { fileReply, hubError, json, notFound, type Reply } from "./reply.ts";
import { filesUnder, lastCommitFor, listDir, type Commit, type EntryInfo, type Repo } from "./repo.ts";
import { parseRoute, type RepoAction, type RepoRoute } from "./router.ts";
import type { RepoType } from "./repo.ts";
import type { HubStore } from "./store.ts";

export interface HubConfig {
  store: HubStore;
  url: () => string;
  pageSize: number;
  tokens: Record<string, TokenGrant> | undefined;
  signer: UrlSigner;
}

export interface Incoming {
  method: string;
  /** Raw path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  readBody: () => Promise<string>;
}

const XET_FILEINFO = "application/vnd.xet-fileinfo+json";
const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** The Hub's `Content-Disposition` for a file: `inline; filename*=UTF-8''<encoded>; filename="<ascii>";`. */
function contentDisposition(path: string): string {
  const name = baseName(path);
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename*=UTF-8''${encoded}; filename="${ascii}";`;
}
const truthy = (v: string | null): boolean => v !== null && ["1", "true", "yes"].includes(v.toLowerCase());
const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};
const encodePath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");
const methodNotAllowed = (): Reply => json(405, { error: "Method not allowed" });

export async function handle(cfg: HubConfig, req: Incoming): Promise<Reply> {
  if (req.method === "OPTIONS") return { status: 204, headers: {} };
  const route = parseRoute(req.path);
  if (route.kind === "unknown") return notFound();
  if (route.kind === "cdn") return isRead(req) ? cdn(cfg, req, route.sha256) : methodNotAllowed();
  const caller = identify(header(req.headers, "authorization"), cfg.tokens);
  if (caller.kind === "invalid") return hubError(401, null, "Invalid credentials in Authorization header");
  if (route.kind === "whoami") return whoami(caller);
  if (route.kind === "list")
    return isRead(req) ? listRepos(cfg, req, route.type, caller) : methodNotAllowed();
  return repoRoute(cfg, req, route, caller);
}

const isRead = (req: Incoming): boolean => req.method === "GET" || req.method === "HEAD";

async function repoRoute(cfg: HubConfig, req: Incoming, route: RepoRoute, caller: Caller): Promise<Reply> {
  const chosen = route.candidates.find((c) => cfg.store.get(route.type, c.id)) ?? route.candidates[0];
  if (!chosen) return notFound();
  const { action } = chosen;
  if (action.kind === "paths-info" ? req.method !== "POST" : !isRead(req)) return methodNotAllowed();
  const repo = cfg.store.get(route.type, chosen.id);
  if (!repo || (repo.isPrivate && !canAccess(caller, repo))) {
    return hubError(401, "RepoNotFound", "Repository not found");
  }
  const needsContent = ["resolve", "raw", "resolve-cache", "xet-read-token"].includes(action.kind);
  if (needsContent && repo.gated && !canAccess(caller, repo)) {
    const message =
      `Access to ${repo.type} ${repo.id} is restricted and you are not in the authorized list. ` +
      `Visit ${cfg.url()}/${repo.id} to ask for access.`;
    return hubError(403, "GatedRepo", message);
  }
  if (action.kind === "refs") return refs(repo, req.query);
  const revision = action.revision ?? "HEAD";
  const commit = repo.resolve(revision);
  if (!commit) return hubError(404, "RevisionNotFound", `Invalid rev id: ${revision}`);
  return repoAction(cfg, req, repo, commit, action);
}

function repoAction(
  cfg: HubConfig,
  req: Incoming,
  repo: Repo,
  commit: Commit,
  action: RepoAction,
): Promise<Reply> | Reply {
  switch (action.kind) {
    case "resolve":
      return resolve(cfg, req, repo, commit, action.path);
    case "resolve-cache":
      return resolveCache(cfg, req, commit, action.path);
    case "raw":
      return raw(cfg, req, commit, action.path);
    case "commits":
      return commits(cfg, req, repo, commit);
    case "info":
      return info(cfg, req, repo, commit);
    case "tree":
      return tree(cfg, req, commit, action.path);
    case "paths-info":
      return pathsInfo(cfg, req, commit);
    case "xet-read-token":
      return xetReadToken(cfg, repo, commit);
    case "refs":
      return refs(repo, req.query);
  }
}

const entryNotFound = (commit: Commit): Reply =>
  hubError(404, "EntryNotFound", "Entry not found", { "X-Repo-Commit": commit.sha });

const apiBase = (repo: Repo): string => `/api/${repo.type}s/${repo.id}`;

async function resolve(
  cfg: HubConfig,
  req: Incoming,
  repo: Repo,
  commit: Commit,
  path: string,
): Promise<Reply> {
  const entry = commit.files.get(path);
  if (!entry) return entryNotFound(commit);
  const file = await cfg.store.entryInfo(entry);
  const headers: Record<string, string> = { "X-Repo-Commit": commit.sha, "Content-Length": "0" };
  if (!file.lfs) {
    const location = `/api/resolve-cache/${repo.type}s/${encodePath(repo.id)}/${commit.sha}/${encodePath(path)}`;
    return { status: 307, headers: { ...headers, Location: location, ETag: `"${file.oid}"` }, body: "" };
  }
  const xetHash = file.xetHash ?? "";
  const refreshRoute = `${apiBase(repo)}/xet-read-token/${commit.sha}`;
  const accept = header(req.headers, "accept") ?? "";
  if (accept.includes(XET_FILEINFO)) {
    const body = {
      hash: xetHash,
      refreshRoute,
      casUrl: `${cfg.url()}/xet`,
      size: file.size,
      sha256: file.sha256,
    };
    return {
      status: 200,
      headers: { "X-Repo-Commit": commit.sha, ETag: `"${file.sha256}"`, "Content-Type": XET_FILEINFO },
      body: JSON.stringify(body),
    };
  }
  const link = [
    `<${cfg.url()}${refreshRoute}>; rel="xet-auth"`,
    `<${cfg.url()}/xet/reconstruction/${xetHash}>; rel="xet-reconstruction-info"`,
  ].join(", ");
  return {
    status: 302,
    headers: {
      ...headers,
      // Like the Hub's CDN URLs, the name the file is to be saved under travels in the URL.
      Location: `${cfg.url()}/cdn-lfs/${file.sha256}?${cfg.signer.sign(file.sha256)}&filename=${encodeURIComponent(baseName(path))}`,
      ETag: `"${file.sha256}"`,
      "X-Linked-Etag": `"${file.sha256}"`,
      "X-Linked-Size": String(file.size),
      "X-Xet-Hash": xetHash,
      "X-Xet-Refresh-Route": refreshRoute,
      Link: link,
    },
    body: "",
  };
}

async function resolveCache(cfg: HubConfig, req: Incoming, commit: Commit, path: string): Promise<Reply> {
  const entry = commit.files.get(path);
  if (!entry) return entryNotFound(commit);
  const file = await cfg.store.entryInfo(entry);
  const etag = `"${file.lfs ? file.sha256 : file.oid}"`;
  const headers = {
    ETag: etag,
    "X-Repo-Commit": commit.sha,
    "Content-Disposition": contentDisposition(path),
  };
  return fileReply(entry.blob, headers, header(req.headers, "range"));
}

/**
 * `raw/`: the git blob as stored, without redirect: a regular file's bytes, an LFS file's pointer. The
 * Hub's exact headers here are not documented; hub.js `fileExists` reads only the status, and git's view
 * (content, blob oid as ETag) is what this serves.
 */
async function raw(cfg: HubConfig, req: Incoming, commit: Commit, path: string): Promise<Reply> {
  const entry = commit.files.get(path);
  if (!entry) return entryNotFound(commit);
  const file = await cfg.store.entryInfo(entry);
  const headers = {
    ETag: `"${file.oid}"`,
    "X-Repo-Commit": commit.sha,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Disposition": contentDisposition(path),
  };
  const blob = file.lfs
    ? Blob.fromBytes(new TextEncoder().encode(lfsPointer(file.sha256, file.size)))
    : entry.blob;
  return fileReply(blob, headers, header(req.headers, "range"));
}

function cdn(cfg: HubConfig, req: Incoming, sha256: string): Reply {
  const verdict = cfg.signer.verify(sha256, req.query);
  if (verdict !== "ok")
    return json(403, { error: verdict === "expired" ? "Request has expired" : "Access denied" });
  const blob = cfg.store.blobBySha256(sha256);
  if (!blob) return notFound();
  const name = req.query.get("filename");
  const disposition: Record<string, string> = name ? { "Content-Disposition": contentDisposition(name) } : {};
  return fileReply(blob, { ETag: `"${sha256}"`, ...disposition }, header(req.headers, "range"));
}

/**
 * The fields an `expand` (or `expand[]`, hub.js `repoExists`) list asks for, or null without one. With a
 * list the Hub answers only `_id`, `id` and the fields listed (huggingface_hub documents it for
 * `model_info(expand=…)` and `list_models(expand=…)`; hub.js `snapshotDownload` adds `sha` to its list
 * for that reason). What the Hub does with a field name it does not know is not documented: the clients
 * only send names from their own lists, and the fields this stand-in does not have are left out.
 */
function expandedFields(query: URLSearchParams): Set<string> | null {
  const fields = [...query.getAll("expand"), ...query.getAll("expand[]")];
  return fields.length > 0 ? new Set(fields) : null;
}

function onlyExpanded(body: Record<string, unknown>, fields: Set<string> | null): Record<string, unknown> {
  if (fields === null) return body;
  return Object.fromEntries(
    Object.entries(body).filter(([name]) => name === "_id" || name === "id" || fields.has(name)),
  );
}

/**
 * What `securityStatus=true` (huggingface_hub `model_info(securityStatus=True)`) adds: the repo's scan
 * summary, kept by Python as `security_repo_status` without reading into it. Every file here is safe.
 */
const SECURITY_REPO_STATUS = { scansDone: true, filesWithIssues: [] };

async function info(cfg: HubConfig, req: Incoming, repo: Repo, commit: Commit): Promise<Reply> {
  const fields = expandedFields(req.query);
  const blobs = truthy(req.query.get("blobs"));
  const paths = [...commit.files.keys()].sort();
  const siblings = [];
  for (const path of paths) {
    const entry = commit.files.get(path);
    if (!entry) continue;
    if (!blobs) {
      siblings.push({ rfilename: path });
      continue;
    }
    const file = await cfg.store.entryInfo(entry);
    const lfs = file.lfs
      ? { lfs: { sha256: file.sha256, size: file.size, pointerSize: file.pointerSize } }
      : {};
    siblings.push({ rfilename: path, size: file.size, blobId: file.oid, ...lfs });
  }
  const security = truthy(req.query.get("securityStatus")) || fields?.has("securityRepoStatus");
  const body = {
    _id: createHash("sha1").update(repo.key).digest("hex").slice(0, 24),
    id: repo.id,
    ...(repo.type === "model" ? { modelId: repo.id } : {}),
    ...(repo.author ? { author: repo.author } : {}),
    sha: commit.sha,
    lastModified: commit.date.toISOString(),
    createdAt: repo.createdAt.toISOString(),
    private: repo.isPrivate,
    gated: repo.gated ? "auto" : false,
    disabled: false,
    downloads: 0,
    likes: 0,
    tags: [],
    ...(repo.type === "space" ? { sdk: "gradio" } : {}),
    siblings,
    ...(security ? { securityRepoStatus: SECURITY_REPO_STATUS } : {}),
    xetEnabled: true,
  };
  return json(200, onlyExpanded(body, fields), { "X-Repo-Commit": commit.sha });
}

function lastCommit(
  commit: Commit,
  path: string,
): { lastCommit: { id: string; title: string; date: string } } {
  const last = lastCommitFor(commit, path);
  return { lastCommit: { id: last.sha, title: last.title, date: last.date.toISOString() } };
}

/** Tree/paths-info JSON for one file or directory; all files under it must be hashed already. */
function treeEntry(cfg: HubConfig, commit: Commit, path: string, expand: boolean): object | null {
  const extra = (): object => (expand ? lastCommit(commit, path) : {});
  const entry = commit.files.get(path);
  if (entry) {
    const file: EntryInfo = cfg.store.entryInfoSync(entry);
    const lfs = file.lfs
      ? { lfs: { oid: file.sha256, size: file.size, pointerSize: file.pointerSize }, xetHash: file.xetHash }
      : {};
    const security = expand ? { securityFileStatus: SAFE_FILE } : {};
    return { type: "file", oid: file.oid, size: file.size, path, ...lfs, ...extra(), ...security };
  }
  if (commit.dirs.has(path))
    return { type: "directory", oid: cfg.store.treeOid(commit, path), path, ...extra() };
  return null;
}

/**
 * What `expand` adds to a file besides `lastCommit`: the Hub's scan result. The real scanners' fields vary;
 * huggingface_hub keeps the object as `RepoFile.security`, so its shape only needs to be the Hub's.
 */
const SAFE_FILE = {
  status: "safe",
  avScan: { status: "safe", virusNames: null },
  pickleImportScan: null,
  jFrogScan: null,
  protectAiScan: null,
};

type Cursor = { file_name: string };

function decodeCursor(cursor: string | null): Cursor | null | "invalid" {
  if (cursor === null) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      typeof value === "object" &&
      value !== null &&
      "file_name" in value &&
      typeof value.file_name === "string"
    ) {
      return { file_name: value.file_name };
    }
  } catch {
    // fall through
  }
  return "invalid";
}

async function tree(cfg: HubConfig, req: Incoming, commit: Commit, path: string): Promise<Reply> {
  if (path !== "" && !commit.dirs.has(path)) return entryNotFound(commit);
  const expand = truthy(req.query.get("expand"));
  const all = listDir(commit, path, truthy(req.query.get("recursive")));
  const cursor = decodeCursor(req.query.get("cursor"));
  if (cursor === "invalid") return hubError(400, null, "Invalid cursor");
  const start = cursor ? all.findIndex((e) => e.path > cursor.file_name) : 0;
  const page = start < 0 ? [] : all.slice(start, start + cfg.pageSize);
  for (const item of page) await cfg.store.ensureDigests(filesUnder(commit, item.path));
  const entries = page.map((item) => treeEntry(cfg, commit, item.path, expand));
  const headers: Record<string, string> = { "X-Repo-Commit": commit.sha };
  const last = page[page.length - 1];
  if (last && start + page.length < all.length) {
    const next = new URLSearchParams(req.query);
    next.set("cursor", Buffer.from(JSON.stringify({ file_name: last.path })).toString("base64url"));
    headers.Link = `<${cfg.url()}${req.path}?${next.toString()}>; rel="next"`;
  }
  return json(200, entries, headers);
}

function parsePathsBody(body: string, contentType: string): { paths: string[]; expand: boolean } | null {
  if (contentType.includes("json") || body.trimStart().startsWith("{")) {
    try {
      const value: unknown = JSON.parse(body);
      if (typeof value !== "object" || value === null) return null;
      const rawPaths: unknown = "paths" in value ? value.paths : [];
      const list: unknown[] = Array.isArray(rawPaths) ? rawPaths : [rawPaths];
      const expand = "expand" in value && (value.expand === true || value.expand === "true");
      return { paths: list.filter((p): p is string => typeof p === "string"), expand };
    } catch {
      return null;
    }
  }
  const form = new URLSearchParams(body);
  return { paths: form.getAll("paths"), expand: truthy(form.get("expand")) };
}

async function pathsInfo(cfg: HubConfig, req: Incoming, commit: Commit): Promise<Reply> {
  const parsed = parsePathsBody(await req.readBody(), header(req.headers, "content-type") ?? "");
  if (!parsed) return hubError(400, null, "Invalid request body");
  const out: object[] = [];
  for (const raw of parsed.paths) {
    const path = raw.replace(/^\/+|\/+$/g, "");
    await cfg.store.ensureDigests(filesUnder(commit, path));
    const entry = path === "" ? null : treeEntry(cfg, commit, path, parsed.expand);
    if (entry) out.push(entry);
  }
  return json(200, out, { "X-Repo-Commit": commit.sha });
}

const MAX_PAGE = 1000;

function pageLimit(query: URLSearchParams, fallback: number): number {
  const limit = Number(query.get("limit") ?? fallback);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE) : fallback;
}

/**
 * `expand[]=formatted` (huggingface_hub `list_repo_commits(formatted=True)`) adds `formatted.title` and
 * `formatted.message`, the Hub's HTML rendering of both, which Python keeps as `formatted_title` and
 * `formatted_message` without reading into them. The Hub's exact markup (links to discussions, mentions)
 * is not documented: here it is the text, HTML-escaped.
 */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The first-parent history below `commit`, newest first, paged by `p` (from 0) and `limit` (hub.js sends
 * one; Python does not and follows the `Link`: a page is then the stand-in's page size, 50 by default).
 */
function commits(cfg: HubConfig, req: Incoming, repo: Repo, commit: Commit): Reply {
  const history: Commit[] = [];
  for (let c: Commit | null = commit; c; c = c.parent) history.push(c);
  const limit = pageLimit(req.query, cfg.pageSize);
  const page = Math.max(0, Number.parseInt(req.query.get("p") ?? "0", 10) || 0);
  const formatted = expandedFields(req.query)?.has("formatted") ?? false;
  const items = history.slice(page * limit, (page + 1) * limit).map((c) => ({
    id: c.sha,
    title: c.title,
    message: `${c.title}\n`,
    authors: [
      { user: repo.author ?? "fake-hub", avatar: `${cfg.url()}/avatars/${repo.author ?? "fake-hub"}.svg` },
    ],
    date: c.date.toISOString(),
    ...(formatted ? { formatted: { title: escapeHtml(c.title), message: escapeHtml(`${c.title}\n`) } } : {}),
  }));
  const headers: Record<string, string> = { "X-Total-Count": String(history.length) };
  if ((page + 1) * limit < history.length) {
    const next = new URLSearchParams(req.query);
    next.set("p", String(page + 1));
    next.set("limit", String(limit));
    headers.Link = `<${cfg.url()}${req.path}?${next.toString()}>; rel="next"`;
  }
  return json(200, items, headers);
}

/**
 * `api/models`, `api/datasets`, `api/spaces`: the repos the caller may see, filtered by `author` and
 * `search`, sorted by id, in pages of `limit` (capped by the hub's page size) linked by a cursor.
 */
function listRepos(cfg: HubConfig, req: Incoming, type: RepoType, caller: Caller): Reply {
  const author = req.query.get("author");
  const search = req.query.get("search")?.toLowerCase();
  const visible = cfg.store
    .list(type)
    .filter((r) => !r.isPrivate || canAccess(caller, r))
    .filter((r) => author === null || r.author === author)
    .filter((r) => search === undefined || r.id.toLowerCase().includes(search));
  const cursor = req.query.get("cursor");
  const after = cursor === null ? null : Buffer.from(cursor, "base64url").toString("utf8");
  const rest = after === null ? visible : visible.filter((r) => r.id > after);
  const limit = Math.min(pageLimit(req.query, cfg.pageSize), cfg.pageSize);
  const page = rest.slice(0, limit);
  const full = truthy(req.query.get("full"));
  const fields = expandedFields(req.query);
  const items = page.flatMap((r) => {
    const head = r.resolve("HEAD");
    if (!head) return [];
    const siblings =
      full || fields?.has("siblings")
        ? { siblings: [...head.files.keys()].sort().map((rfilename) => ({ rfilename })) }
        : {};
    return [
      onlyExpanded(
        {
          _id: createHash("sha1").update(r.key).digest("hex").slice(0, 24),
          id: r.id,
          ...(r.author ? { author: r.author } : {}),
          private: r.isPrivate,
          gated: r.gated ? "auto" : false,
          downloads: 0,
          likes: 0,
          tags: [],
          ...(r.type === "space" ? { sdk: "gradio" } : {}),
          sha: head.sha,
          createdAt: r.createdAt.toISOString(),
          lastModified: head.date.toISOString(),
          ...siblings,
        },
        fields,
      ),
    ];
  });
  const headers: Record<string, string> = {};
  const last = page[page.length - 1];
  if (last && rest.length > page.length) {
    const next = new URLSearchParams(req.query);
    next.set("cursor", Buffer.from(last.id).toString("base64url"));
    headers.Link = `<${cfg.url()}${req.path}?${next.toString()}>; rel="next"`;
  }
  return json(200, items, headers);
}

function refs(repo: Repo, query: URLSearchParams): Reply {
  const list = (refsMap: Map<string, Commit>, prefix: string): object[] =>
    [...refsMap.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, c]) => ({ name, ref: `${prefix}${name}`, targetCommit: c.sha }));
  const body: Record<string, object[]> = {
    branches: list(repo.branches, "refs/heads/"),
    tags: list(repo.tags, "refs/tags/"),
    converts: [...repo.converts.entries()].map(([ref, c]) => ({
      name: ref.slice("refs/convert/".length),
      ref,
      targetCommit: c.sha,
    })),
  };
  if (truthy(query.get("include_prs"))) {
    body.pullRequests = [...repo.pullRequests.entries()].map(([ref, c]) => ({
      name: ref.slice("refs/pr/".length),
      ref,
      targetCommit: c.sha,
    }));
  }
  return json(200, body);
}

function xetReadToken(cfg: HubConfig, repo: Repo, commit: Commit): Reply {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const secret = createHash("sha256").update(`${repo.key}:${commit.sha}:${exp}`).digest("hex");
  const accessToken = `xet_${secret.slice(0, 32)}`;
  const casUrl = `${cfg.url()}/xet`;
  return json(
    200,
    { accessToken, exp, casUrl },
    { "X-Xet-Access-Token": accessToken, "X-Xet-Token-Expiration": String(exp), "X-Xet-Cas-Url": casUrl },
  );
}

function whoami(caller: Caller): Reply {
  if (caller.kind !== "user") return hubError(401, null, "Invalid credentials in Authorization header");
  const { user } = caller.grant;
  return json(200, {
    type: "user",
    id: createHash("sha1").update(`user:${user}`).digest("hex").slice(0, 24),
    name: user,
    fullname: user,
    isPro: false,
    orgs: [],
    auth: { type: "access_token", accessToken: { displayName: `${user}-token`, role: "read" } },
  });
}
