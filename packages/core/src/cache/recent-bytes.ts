/**
 * The last bytes a download wrote, kept in memory (at most `limit` bytes, whole chunks) so that readers
 * keeping up with the writer get them from here instead of reading the temp file back.
 */
export class RecentBytes {
  private chunks: Uint8Array[] = [];
  /** File offset of `chunks[0]`. */
  private start = 0;
  private bytes = 0;

  constructor(private readonly limit: number) {}

  /** Appends the bytes written at the end; older chunks go once the rest holds `limit` bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.length >= this.limit) {
      const dropped = this.chunks.shift()!;
      this.bytes -= dropped.length;
      this.start += dropped.length;
    }
  }

  /** Up to `length` bytes from `position` (a view, not a copy); null when they are no longer here. */
  read(position: number, length: number): Uint8Array | null {
    if (position < this.start) return null;
    let offset = this.start;
    for (const chunk of this.chunks) {
      if (position < offset + chunk.length) {
        const from = position - offset;
        return chunk.subarray(from, Math.min(chunk.length, from + length));
      }
      offset += chunk.length;
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
