import { lentCopyOf } from "./lent-copies.ts";

/**
 * The last bytes a download wrote, kept in memory (at most `limit` bytes, whole chunks) so that readers
 * keeping up with the writer get them from here instead of reading the temp file back. A chunk dropped
 * from here is freed at once (`freeChunk`) instead of waiting for the collector, unless a reader was
 * handed a view of it: a cold 1 GiB fill's upstream chunks (512 KiB each, a fresh buffer per socket
 * read) used to pile up 50–60 MiB of garbage (README, Performance). So a lone reader gets copies (its
 * chunks can go; the copies are lent, lent-copies.ts), and readers sharing a fill get views (one copy
 * each would cost more than the chunks).
 */
export class RecentBytes {
  private chunks: Array<{ bytes: Uint8Array; viewed: boolean }> = [];
  /** File offset of `chunks[0]`. */
  private start = 0;
  private bytes = 0;

  constructor(private readonly limit: number) {}

  /**
   * Appends the bytes written at the end; older chunks go once the rest holds `limit` bytes, and are
   * freed unless viewed. The caller hands the chunk over: nothing else may use it once it is pushed.
   */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push({ bytes: chunk, viewed: false });
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.bytes.length >= this.limit) {
      const dropped = this.chunks.shift()!;
      this.bytes -= dropped.bytes.length;
      this.start += dropped.bytes.length;
      if (!dropped.viewed) freeChunk(dropped.bytes);
    }
  }

  /**
   * Up to `length` bytes from `position`, as a copy or as a view (which keeps its chunk from being freed);
   * null when they are no longer here.
   */
  read(position: number, length: number, as: "copy" | "view"): Uint8Array | null {
    if (position < this.start) return null;
    let offset = this.start;
    for (const chunk of this.chunks) {
      if (position < offset + chunk.bytes.length) {
        const from = position - offset;
        const view = chunk.bytes.subarray(from, Math.min(chunk.bytes.length, from + length));
        if (as === "view") chunk.viewed = true;
        return as === "copy" ? lentCopyOf(view) : view;
      }
      offset += chunk.bytes.length;
    }
    return null;
  }

  /** Frees the memory (the download ended). */
  clear(): void {
    this.start += this.bytes;
    this.chunks = [];
    this.bytes = 0;
  }
}

/** Chunks smaller than this are left to the collector. */
const FREED_MIN_BYTES = 64 * 1024;

/**
 * Frees a chunk's memory now, by transferring its buffer to a zero-length one (`ArrayBuffer.transfer`,
 * where the runtime has it: Bun, Node 21+). Only a chunk that is its whole buffer: a view into a larger
 * one (a pool, a socket read that also held headers) may share it with bytes still in use. Nothing may
 * use the chunk afterwards (it is empty).
 */
export function freeChunk(chunk: Uint8Array): void {
  const buffer = chunk.buffer;
  if (!(buffer instanceof ArrayBuffer) || chunk.byteOffset !== 0 || chunk.byteLength !== buffer.byteLength) {
    return;
  }
  if (buffer.byteLength < FREED_MIN_BYTES) return;
  const transfer = (buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }).transfer;
  if (typeof transfer !== "function") return;
  try {
    transfer.call(buffer, 0);
  } catch {
    // Not detachable (a WebAssembly memory's, say): the collector will have it.
  }
}
