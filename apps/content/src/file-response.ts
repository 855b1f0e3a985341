import { parseRange, passThrough, type ResolvedFile } from "@hubcache/core";

/** The identity headers the Hub clients key their caches on, exactly as the upstream sent them. */
function fileHeaders(file: ResolvedFile): Headers {
  const { meta } = file;
  const headers = new Headers({
    "x-repo-commit": meta.commit,
    etag: meta.etag,
    "accept-ranges": "bytes",
    "content-type": "application/octet-stream",
  });
  if (meta.linkedEtag !== null) {
    headers.set("x-linked-etag", meta.linkedEtag);
    headers.set("x-linked-size", String(meta.size));
  }
  return headers;
}

/**
 * HEAD or GET of a file, whole or by Range, whether it is on disk, still downloading or proxied. Bytes on
 * disk go out through Bun's sendfile; others stream as they arrive.
 */
export async function fileResponse(
  request: Request,
  file: ResolvedFile,
  served: (source: "cache" | "upstream", bytes: number) => void,
): Promise<Response> {
  const headers = fileHeaders(file);
  const size = file.meta.size;
  if (request.method === "HEAD") {
    headers.set("content-length", String(size));
    return new Response(null, { status: 200, headers });
  }
  const range = parseRange(request.headers.get("range"), size);
  if (range.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    headers.set("content-length", "0");
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range.kind === "partial" ? range.range : { start: 0, end: size - 1 };
  const status = range.kind === "partial" ? 206 : 200;
  if (status === 206) headers.set("content-range", `bytes ${start}-${end}/${size}`);
  headers.set("content-length", String(end - start + 1));
  if (size === 0) return new Response(null, { status, headers });

  if (file.source === "cache") {
    file.recordHit();
    served("cache", end - start + 1);
    if (file.localPath)
      return new Response(Bun.file(file.localPath).slice(start, end + 1), { status, headers });
  }
  const body = await file.open(start, end);
  const source = file.source === "cache" ? null : "upstream";
  const countedBody = source ? passThrough(body, { onChunk: (chunk) => served(source, chunk.length) }) : body;
  return new Response(countedBody, { status, headers });
}
