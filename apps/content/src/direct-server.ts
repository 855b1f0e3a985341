/**
 * The direct port (DIRECT_PORT): serves the bytes of cached files that the content server's GETs are
 * redirected to, over signed links (direct-links.ts), as the Hub sends LFS files to its CDN. It is
 * `Bun.serve`, whose file responses go out with `sendfile(2)`: the kernel sends the page cache's pages,
 * nothing is copied through this process and no buffer is held per client, where the main port
 * (`node:http`, kept there because `Bun.serve` drops the Content-Length of a streamed cold file) reads
 * every chunk into a buffer and writes it out again (README: Direct downloads; docs/performance.md).
 */
import { stat } from "node:fs/promises";
import { AppError, contentDisposition } from "@hubcache/core";
import type { DirectLinkTarget } from "./direct-links.ts";
import { rangeAsked } from "./file-response.ts";
import { errorResponse, preflight, withCors } from "./responses.ts";

export interface DirectServerOptions {
  host: string;
  /** 0: any free port (then `port` on the result says which). */
  port: number;
  /** What a link asks for, if it is valid (DirectLinks.check). */
  check(url: URL): DirectLinkTarget | "invalid" | "expired";
  /** The blob's file in the store. */
  localPath(digest: string): string;
  /** Marks the blob in use, so that eviction leaves it alone while it is sent. */
  touch(digest: string): void;
  onError(error: unknown): void;
  /** One line per answer for the access log: the link's path without its signature, never the query. */
  onAnswered(entry: { method: string; path: string; range: string | null; status: number; ms: number }): void;
}

export interface DirectServer {
  port: number;
  /** Stops taking connections; sends in flight get up to `graceMs`, then are cut. */
  stop(graceMs: number): Promise<void>;
}

export function startDirectServer(options: DirectServerOptions): DirectServer {
  const server = Bun.serve({
    hostname: options.host,
    port: options.port,
    async fetch(request) {
      const started = performance.now();
      const url = new URL(request.url);
      const response = await answer(request, url, options);
      withCors(response.headers);
      options.onAnswered({
        method: request.method,
        path: url.pathname,
        range: request.headers.get("range"),
        status: response.status,
        ms: Math.round(performance.now() - started),
      });
      return response;
    },
    error(error) {
      options.onError(error);
      return errorResponse(new AppError(500, null, "Internal error"));
    },
  });
  return {
    port: server.port ?? options.port,
    async stop(graceMs) {
      const stopped = server.stop(false);
      const cut = setTimeout(() => void server.stop(true), graceMs);
      await stopped;
      clearTimeout(cut);
    },
  };
}

async function answer(request: Request, url: URL, options: DirectServerOptions): Promise<Response> {
  // A browser's preflight (transformers.js in a page, following the redirect with a Range).
  if (request.method === "OPTIONS") return preflight();
  if (request.method !== "GET" && request.method !== "HEAD") {
    return failure(405, "Direct links are read with GET or HEAD");
  }
  const target = options.check(url);
  if (target === "invalid") return failure(403, "This link is not valid: ask the cache for the file again");
  if (target === "expired") return failure(403, "This link has expired: ask the cache for the file again");
  const path = options.localPath(target.digest);
  options.touch(target.digest);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return failure(404, "The file is no longer cached here: ask the cache for it again");

  const size = info.size;
  const headers = new Headers({
    "accept-ranges": "bytes",
    "content-type": "application/octet-stream",
    "content-disposition": contentDisposition(target.fileName),
    etag: `"${target.digest}"`,
  });
  const asked = rangeAsked(request, size, headers);
  if (asked instanceof Response) return asked;
  const { status, start, end } = asked;
  if (request.method === "HEAD") {
    headers.set("content-length", String(end - start + 1));
    return new Response(null, { status, headers });
  }
  return new Response(Bun.file(path).slice(start, end + 1), { status, headers });
}

function failure(status: number, message: string): Response {
  return errorResponse(new AppError(status, null, message));
}
