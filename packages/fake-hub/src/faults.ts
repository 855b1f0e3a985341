import type { ServerResponse } from "node:http";
import { CHUNK_SIZE, type Blob } from "./content.ts";

/** Failure injection, read when each request arrives. */
export interface Faults {
  /** Every new request: the socket is destroyed without a response (connection reset). */
  down: boolean;
  /** Delay before answering every request. */
  latencyMs: number;
  /** 0 = unlimited; throttles file body bytes. */
  bytesPerSecond: number;
  /** File bodies: send the headers (full Content-Length), this many bytes, then destroy the socket. */
  dropAfterBytes: number | null;
  /** File bodies: flip one byte (the middle one of the body), keeping the length. */
  corruptBody: boolean;
  /** Every request answers this status (429 and 503 carry `Retry-After: 1`). */
  status: number | null;
  /** If set, faults apply only to requests whose raw path (with query) matches. */
  matching?: (path: string) => boolean;
}

export const noFaults = (): Faults => ({
  down: false,
  latencyMs: 0,
  bytesPerSecond: 0,
  dropAfterBytes: null,
  corruptBody: false,
  status: null,
});

export type BodyFaults = Pick<Faults, "bytesPerSecond" | "dropAfterBytes" | "corruptBody">;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves on `drain` or when the response closes (a client that went away never drains). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

const written = (res: ServerResponse, piece: Uint8Array): Promise<void> =>
  new Promise((resolve) => {
    res.write(piece, () => resolve());
  });

/**
 * Streams bytes `start..end` of a blob with backpressure, applying throttling, truncation and corruption
 * faults. Generated content is produced into a few pooled 1 MiB buffers, each reused once its write has
 * been flushed, so serving never allocates per chunk.
 */
export async function writeBody(
  res: ServerResponse,
  blob: Blob,
  start: number,
  end: number,
  faults: BodyFaults | null,
): Promise<void> {
  const length = end - start;
  const bps = faults?.bytesPerSecond ?? 0;
  const dropAt = faults?.dropAfterBytes ?? null;
  const corruptAt = faults?.corruptBody && length > 0 ? Math.floor(length / 2) : -1;
  const sliceSize = bps > 0 ? Math.max(1, Math.min(64 * 1024, Math.floor(bps / 20))) : Infinity;
  const started = Date.now();
  const pool: Uint8Array[] = [];
  let closed = false;
  res.once("close", () => (closed = true));
  if (dropAt !== null && dropAt < length) res.flushHeaders();
  let sent = 0;
  for (let position = start; position < end;) {
    const buffer = pool.pop() ?? new Uint8Array(CHUNK_SIZE);
    const chunk = blob.read(position, end, buffer);
    position += chunk.byteLength;
    for (let offset = 0; offset < chunk.byteLength;) {
      if (closed) return;
      let piece = chunk.subarray(offset, offset + Math.min(sliceSize, chunk.byteLength - offset));
      offset += piece.byteLength;
      if (dropAt !== null && sent + piece.byteLength >= dropAt && dropAt < length) {
        piece = piece.subarray(0, dropAt - sent);
        if (piece.byteLength > 0) await written(res, piece);
        cut(res);
        return;
      }
      if (corruptAt >= sent && corruptAt < sent + piece.byteLength) {
        piece = Uint8Array.from(piece);
        piece[corruptAt - sent] = (piece[corruptAt - sent] ?? 0) ^ 0xff;
      }
      sent += piece.byteLength;
      const last = offset >= chunk.byteLength;
      const ok = res.write(piece, last ? () => pool.push(buffer) : undefined);
      if (!ok) await drained(res);
      if (bps > 0) {
        const wait = started + (sent * 1000) / bps - Date.now();
        if (wait > 0) await sleep(wait);
      }
    }
  }
  res.end();
}

/** Closes the connection mid-body: what was written is flushed first, then the socket goes away. */
function cut(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end();
  setTimeout(() => socket.destroy(), 200).unref();
}
