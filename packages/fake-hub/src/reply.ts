import type { Blob } from "./content.ts";

/** A response computed by a route; the server writes it (and applies faults to file bodies). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** A file body: bytes `start` (inclusive) to `end` (exclusive) of `blob`. */
  file?: { blob: Blob; start: number; end: number };
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

/** A Hub error: `X-Error-Code` (when given), `X-Error-Message` and a JSON `{"error": ...}` body. */
export function hubError(
  status: number,
  code: string | null,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  const codeHeader: Record<string, string> = code ? { "X-Error-Code": code } : {};
  return json(status, { error: message }, { ...codeHeader, "X-Error-Message": message, ...headers });
}

export const notFound = (): Reply => json(404, { error: "Not found" });

export type RangeResult = { start: number; end: number } | "unsatisfiable" | null;

/** Parses a single `bytes=a-b`, `a-` or `-n` range; `null` means "ignore it and send everything". */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return null;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return null;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(from);
  const last = to === "" ? size - 1 : Number(to);
  if (last < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(last, size - 1) + 1 };
}

/** 200, 206 or 416 for (a range of) a blob, with the byte-serving headers the Hub and its CDN send. */
export function fileReply(
  blob: Blob,
  headers: Record<string, string>,
  rangeHeader: string | undefined,
): Reply {
  const base = { "Content-Type": "application/octet-stream", "Accept-Ranges": "bytes", ...headers };
  const range = parseRange(rangeHeader, blob.size);
  if (range === "unsatisfiable") {
    return {
      status: 416,
      headers: { ...base, "Content-Range": `bytes */${blob.size}`, "Content-Length": "0" },
      body: "",
    };
  }
  if (range === null) {
    return {
      status: 200,
      headers: { ...base, "Content-Length": String(blob.size) },
      file: { blob, start: 0, end: blob.size },
    };
  }
  return {
    status: 206,
    headers: {
      ...base,
      "Content-Length": String(range.end - range.start),
      "Content-Range": `bytes ${range.start}-${range.end - 1}/${blob.size}`,
    },
    file: { blob, start: range.start, end: range.end },
  };
}
