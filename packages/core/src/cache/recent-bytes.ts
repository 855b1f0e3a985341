import { freeChunk } from "./free-chunk.ts";
import { lendView, lentCopyOf } from "./lent-copies.ts";

/**
 * The last bytes a download wrote, kept in memory (at most `limit` bytes, whole chunks) so that readers
 * keeping up with the writer get them from here instead of reading the temp file back. A chunk dropped
 * from here is freed at once (`freeChunk`) instead of waiting for the collector, or, when readers were
 * handed views of it, once the last of them is handed back (`returnCopy`): a cold 1 GiB fill's upstream
 * chunks (512 KiB each, a fresh buffer per socket read) used to pile up 50–60 MiB of garbage, and 16 to
 * 64 clients of one cold file 60–100 MiB (docs/performance.md). A lone reader gets copies (lent,
 * lent-copies.ts), readers sharing a fill get views (one copy each would cost more than the chunks).
 */
interface Chunk {
  bytes: Uint8Array;
  /** Views of it handed out and not handed back yet. */
  viewsOut: number;
  /** No longer held here: freed once no view of it is out. */
  dropped: boolean;
}

export class RecentBytes {
  private chunks: Chunk[] = [];
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
    this.chunks.push({ bytes: chunk, viewsOut: 0, dropped: false });
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.bytes.length >= this.limit) {
      const dropped = this.chunks.shift()!;
      this.bytes -= dropped.bytes.length;
      this.start += dropped.bytes.length;
      dropped.dropped = true;
      if (dropped.viewsOut === 0) freeChunk(dropped.bytes);
    }
  }

  /**
   * Up to `length` bytes from `position`, as a copy or as a view (lent: its chunk is not freed before it
   * is handed back, and a view never handed back leaves its chunk to the collector); null when they are
   * no longer here.
   */
  read(position: number, length: number, as: "copy" | "view"): Uint8Array | null {
    if (position < this.start) return null;
    let offset = this.start;
    for (const chunk of this.chunks) {
      if (position < offset + chunk.bytes.length) {
        const from = position - offset;
        const view = chunk.bytes.subarray(from, Math.min(chunk.bytes.length, from + length));
        if (as === "copy") return lentCopyOf(view);
        chunk.viewsOut++;
        return lendView(view, () => {
          chunk.viewsOut--;
          if (chunk.dropped && chunk.viewsOut === 0) freeChunk(chunk.bytes);
        });
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
