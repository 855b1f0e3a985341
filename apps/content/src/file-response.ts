import {
  contentDisposition,
  gitBlobSha1,
  lfsPointer,
  parseRange,
  passThrough,
  type ResolvedFile,
} from "@hubcache/core";
import type { DirectLinks } from "./direct-links.ts";
import { localFileResponse } from "./local-file.ts";
import { inMemoryResponse } from "./memory-body.ts";

/**
 * The identity headers the Hub clients key their caches on, exactly as the upstream sent them, and the
 * file's own name (a browser saves it under that name, not under its digest).
 */
function fileHeaders(file: ResolvedFile, path: string): Headers {
  const { meta } = file;
  const headers = new Headers({
    "x-repo-commit": meta.commit,
    etag: meta.etag,
    "accept-ranges": "bytes",
    "content-type": "application/octet-stream",
    "content-disposition": contentDisposition(path),
  });
  if (meta.linkedEtag !== null) {
    headers.set("x-linked-etag", meta.linkedEtag);
    headers.set("x-linked-size", String(meta.size));
  }
  return headers;
}

/**
 * The bytes a request asks for of a body of `size`: its Range (206, with `Content-Range` set on
 * `headers`) or the whole (200); or, for a range past the end, the 416 answer, whose `Content-Range`
 * gives the size only.
 */
export function rangeAsked(
  request: Request,
  size: number,
  headers: Headers,
): { status: 200 | 206; start: number; end: number } | Response {
  const range = parseRange(request.headers.get("range"), size);
  if (range.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    headers.set("content-length", "0");
    return new Response(null, { status: 416, headers });
  }
  if (range.kind === "whole") return { status: 200, start: 0, end: size - 1 };
  const { start, end } = range.range;
  headers.set("content-range", `bytes ${start}-${end}/${size}`);
  return { status: 206, start, end };
}

/**
 * HEAD or GET of a file, whole or by Range, whether it is on disk, still downloading or proxied. A small
 * cached file goes out from memory, bytes on disk as a file range (see local-file.ts), or, with a direct
 * port, a large one by a redirect to it; others stream as they arrive.
 */
export async function fileResponse(
  request: Request,
  file: ResolvedFile,
  path: string,
  served: (source: "cache" | "upstream", bytes: number) => void,
  direct?: DirectLinks,
): Promise<Response> {
  const headers = fileHeaders(file, path);
  const size = file.meta.size;
  if (request.method === "HEAD") {
    headers.set("content-length", String(size));
    return new Response(null, { status: 200, headers });
  }
  const asked = rangeAsked(request, size, headers);
  if (asked instanceof Response) return asked;
  const { status, start, end } = asked;
  const fileName = path.slice(path.lastIndexOf("/") + 1);
  const redirect = file.source === "cache" ? file.redirectUrl(fileName) : null;
  if (redirect !== null) return redirectResponse(file, headers, redirect, end - start + 1, served);
  if (
    direct &&
    file.source === "cache" &&
    file.localPath &&
    file.digest &&
    end - start + 1 >= direct.minBytes
  ) {
    const link = direct.linkFor(request.url, { digest: file.digest, fileName });
    return redirectResponse(file, headers, link, end - start + 1, served);
  }
  headers.set("content-length", String(end - start + 1));
  if (size === 0) return new Response(null, { status, headers });

  if (file.source === "cache") {
    file.recordHit();
    served("cache", end - start + 1);
    if (file.bytes) return inMemoryResponse(file.bytes.subarray(start, end + 1), { status, headers });
    if (file.localPath) return localFileResponse({ path: file.localPath, start, end }, { status, headers });
  }
  const body = await file.open(start, end);
  const source = file.source === "cache" ? null : "upstream";
  const countedBody = source ? passThrough(body, { onChunk: (chunk) => served(source, chunk.length) }) : body;
  return new Response(countedBody, { status, headers });
}

/**
 * A cached file's GET sent to the store's short-lived URL (S3_REDIRECT) or the direct port (DIRECT_PORT),
 * as the Hub sends LFS files to its CDN: a 302 with an absolute Location, carrying the identity headers
 * and `X-Linked-Size` (clients read the size from it on a 3xx). The client sends its Range again to the
 * URL, which signs no Range. The bytes leave from the store, but count as served from the cache.
 */
function redirectResponse(
  file: ResolvedFile,
  headers: Headers,
  location: string,
  bytes: number,
  served: (source: "cache" | "upstream", bytes: number) => void,
): Response {
  file.recordHit();
  served("cache", bytes);
  headers.delete("content-range");
  headers.delete("accept-ranges");
  headers.set("x-linked-size", String(file.meta.size));
  headers.set("location", location);
  headers.set("content-length", "0");
  return new Response(null, { status: 302, headers });
}

/**
 * `raw/` of an LFS file: the pointer git stores in its place, built from the file's sha256 and size (what
 * the Hub serves there), with the pointer's git blob sha1 as ETag. No file bytes are needed.
 */
export function lfsPointerResponse(request: Request, file: ResolvedFile, path: string): Response {
  const pointer = new TextEncoder().encode(lfsPointer(file.meta.linkedEtag ?? "", file.meta.size));
  const headers = new Headers({
    "x-repo-commit": file.meta.commit,
    etag: `"${gitBlobSha1(pointer)}"`,
    "accept-ranges": "bytes",
    "content-type": "text/plain; charset=utf-8",
    "content-disposition": contentDisposition(path),
  });
  const asked = rangeAsked(request, pointer.byteLength, headers);
  if (asked instanceof Response) return asked;
  const { status, start, end } = asked;
  headers.set("content-length", String(end - start + 1));
  if (request.method === "HEAD") return new Response(null, { status, headers });
  return inMemoryResponse(pointer.slice(start, end + 1), { status, headers });
}
