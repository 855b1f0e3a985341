import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { UrlSigner, type TokenGrant } from "./auth.ts";
import type { FileSpec } from "./content.ts";
import { noFaults, writeBody, type Faults } from "./faults.ts";
import { hubError, json, type Reply } from "./reply.ts";
import type { RepoType } from "./repo.ts";
import { handle, type HubConfig } from "./routes.ts";
import { HubStore, type AddRepoInput } from "./store.ts";

export interface FakeHubOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Page size of trees, repo listings and (without `limit`) commit histories, default 50. */
  pageSize?: number;
  /** Valid bearer tokens. Without this table, Authorization headers are ignored (everyone is anonymous). */
  tokens?: Record<string, TokenGrant>;
  /** Lifetime of the signed CDN URLs in LFS redirects, default 600 s. */
  cdnUrlTtlSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  /** Raw path + query, exactly as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FileInfo {
  sha256: string;
  /** Git blob sha1 of what git stores: the content, or the LFS pointer file for LFS files (= tree `oid`). */
  sha1: string;
  size: number;
  lfs: boolean;
  commit: string;
}

/**
 * The Hub's CORS answer. Its full expose list is not documented; this one holds every response header a
 * client reads (docs/hub-routes.md): hub.js `countCommits` reads `X-Total-Count` from a browser, and the
 * Hub's `X-Request-Id` (sent on every answer) is what its support asks for.
 */
const CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Range, Content-Type, Accept",
  "Access-Control-Expose-Headers": [
    ...["X-Repo-Commit", "X-Linked-Etag", "X-Linked-Size", "ETag", "Content-Range", "Accept-Ranges"],
    ...["Content-Length", "X-Error-Code", "X-Error-Message", "Link", "X-Xet-Hash", "X-Xet-Refresh-Route"],
    ...["X-Total-Count", "X-Request-Id"],
  ].join(", "),
};

function injectedStatus(status: number): Reply {
  const reply = hubError(status, null, `Injected fault: HTTP ${status}`);
  if (status === 429 || status === 503) reply.headers["Retry-After"] = "1";
  return reply;
}

/** Splits `req.url` (origin-form or absolute-form) into raw path and query. */
function splitUrl(raw: string): { path: string; query: string } {
  const url = /^https?:\/\//i.test(raw) ? raw.replace(/^https?:\/\/[^/]*/i, "") || "/" : raw;
  const q = url.indexOf("?");
  return q < 0 ? { path: url, query: "" } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export class FakeHub {
  readonly requests: RecordedRequest[] = [];
  faults: Faults = noFaults();
  url = "";
  private readonly store = new HubStore();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Answers held back by `faults.latencyMs`: released at once by `close`, so nothing outlives it. */
  private readonly delays = new Set<() => void>();
  private readonly config: HubConfig;

  constructor(private readonly opts: FakeHubOptions = {}) {
    this.config = {
      store: this.store,
      url: () => this.url,
      pageSize: opts.pageSize ?? 50,
      tokens: opts.tokens,
      signer: new UrlSigner(randomBytes(32), opts.cdnUrlTtlSeconds ?? 600),
    };
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    this.server.on("clientError", (_err, socket: Socket) => socket.destroy());
  }

  async listen(): Promise<this> {
    const host = this.opts.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    const urlHost =
      host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    this.url = `http://${urlHost}:${port}`;
    return this;
  }

  addRepo(input: AddRepoInput): { commit: string } {
    return { commit: this.store.addRepo(input).sha };
  }

  /** A new commit on `branch` whose file set is exactly `files`; the branch moves, old commits stay reachable. */
  commit(type: RepoType, id: string, branch: string, files: Record<string, FileSpec>): { commit: string } {
    return { commit: this.store.commit(type, id, branch, files).sha };
  }

  /** `refs/pr/N`, `refs/tags/x`, `refs/heads/x`, or a bare name (a branch unless `kind` is "tag"). */
  createRef(
    type: RepoType,
    id: string,
    name: string,
    commitOrRevision: string,
    kind?: "branch" | "tag",
  ): void {
    this.store.createRef(type, id, name, commitOrRevision, kind);
  }

  fileInfo(type: RepoType, id: string, revision: string, path: string): FileInfo {
    const { commit, entry } = this.entry(type, id, revision, path);
    const info = this.store.entryInfoSync(entry);
    return { sha256: info.sha256, sha1: info.oid, size: info.size, lfs: info.lfs, commit: commit.sha };
  }

  async readFile(type: RepoType, id: string, revision: string, path: string): Promise<Uint8Array> {
    const { entry } = this.entry(type, id, revision, path);
    return Buffer.concat([...entry.blob.chunks()]);
  }

  /**
   * Computes every file's digests now. Otherwise they are computed (and memoised) on first use, so the first
   * resolve/tree request touching a multi-GiB file waits about a second per GiB.
   */
  warmup(): Promise<void> {
    return this.store.warmup();
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  countRequests(pred: (r: RecordedRequest) => boolean): number {
    return this.requests.filter(pred).length;
  }

  resetFaults(): void {
    this.faults = noFaults();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.delays.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.delays.add(release);
    });
  }

  async close(): Promise<void> {
    for (const release of [...this.delays]) release();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections?.();
    await closed;
  }

  private entry(type: RepoType, id: string, revision: string, path: string) {
    const commit = this.store.mustGet(type, id).resolve(revision);
    if (!commit) throw new Error(`unknown revision ${revision} in ${type}:${id}`);
    const entry = commit.files.get(path);
    if (!entry) throw new Error(`no file ${path} at ${revision} in ${type}:${id}`);
    return { commit, entry };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? "/";
    const method = req.method ?? "GET";
    this.requests.push({ method, path: raw, headers: { ...req.headers } });
    const faults = { ...this.faults };
    const applies = !faults.matching || faults.matching(raw);
    if (applies && faults.down) {
      req.socket.destroy();
      return;
    }
    try {
      if (applies && faults.latencyMs > 0) await this.delay(faults.latencyMs);
      const { path, query } = splitUrl(raw);
      const reply =
        applies && faults.status !== null
          ? injectedStatus(faults.status)
          : await handle(this.config, {
              method,
              path,
              query: new URLSearchParams(query),
              headers: req.headers,
              readBody: () => readBody(req),
            });
      await this.send(method, res, reply, applies ? faults : null);
    } catch (err) {
      if (!res.headersSent) {
        const reply = json(500, { error: err instanceof Error ? err.message : String(err) });
        await this.send(method, res, reply, null);
      } else res.destroy();
    }
  }

  private async send(
    method: string,
    res: ServerResponse,
    reply: Reply,
    faults: Faults | null,
  ): Promise<void> {
    const headers: Record<string, string> = {
      ...CORS,
      "X-Request-Id": `Root=1-${randomBytes(12).toString("hex")}`,
      ...reply.headers,
    };
    if (reply.body !== undefined && headers["Content-Length"] === undefined) {
      headers["Content-Length"] = String(Buffer.byteLength(reply.body));
    }
    res.writeHead(reply.status, headers);
    if (method === "HEAD") res.end();
    else if (reply.file) {
      const { blob, start, end } = reply.file;
      await writeBody(res, blob, start, end, faults);
    } else res.end(reply.body);
  }
}
