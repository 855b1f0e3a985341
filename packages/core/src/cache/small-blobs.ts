/** Blobs up to this size are kept... */
const SMALL_BLOB_BYTES = 256 * 1024;
/** ...in this much memory at most, by default. */
const SMALL_BLOB_MEMORY_BYTES = 32 * 1024 * 1024;

export interface SmallBlobMemoryOptions {
  /** How long an entry is trusted. */
  ttlMs: number;
  /** Blobs up to this size are kept (default SMALL_BLOB_BYTES)... */
  maxEntryBytes?: number;
  /** ...in this much memory at most (default SMALL_BLOB_MEMORY_BYTES). */
  maxTotalBytes?: number;
  now?: () => number;
}

/**
 * The bytes of small blobs kept in memory (config files, tokenizer configs: most of the requests, few of
 * the bytes), so a warm hit on one reads no file. Bounded in total bytes, least recently used first out;
 * an entry is trusted for `ttlMs` only (another process may have changed the store meanwhile), and the
 * store drops it at once when it deletes the blob.
 */
export class SmallBlobMemory {
  private readonly entries = new Map<string, { bytes: Uint8Array<ArrayBuffer>; until: number }>();
  private total = 0;
  private readonly ttlMs: number;
  readonly maxEntryBytes: number;
  private readonly maxTotalBytes: number;
  private readonly now: () => number;

  constructor(options: SmallBlobMemoryOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntryBytes = options.maxEntryBytes ?? SMALL_BLOB_BYTES;
    this.maxTotalBytes = options.maxTotalBytes ?? SMALL_BLOB_MEMORY_BYTES;
    this.now = options.now ?? Date.now;
  }

  /**
   * A small blob's whole bytes: remembered, or loaded (`load` reads it from storage; null when absent)
   * and remembered. Null when the blob is bigger than an entry, or is not `size` bytes.
   */
  async read(
    digest: string,
    size: number,
    load: () => Promise<Uint8Array<ArrayBuffer> | null>,
  ): Promise<Uint8Array<ArrayBuffer> | null> {
    if (size > this.maxEntryBytes) return null;
    const remembered = this.get(digest);
    if (remembered?.byteLength === size) return remembered;
    const bytes = await load().catch(() => null);
    if (bytes?.byteLength !== size) return null;
    this.set(digest, bytes);
    return bytes;
  }

  get(digest: string): Uint8Array<ArrayBuffer> | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    this.entries.delete(digest);
    if (entry.until <= this.now()) {
      this.total -= entry.bytes.byteLength;
      return undefined;
    }
    this.entries.set(digest, entry);
    return entry.bytes;
  }

  set(digest: string, bytes: Uint8Array<ArrayBuffer>): void {
    if (bytes.byteLength > this.maxEntryBytes) return;
    this.delete(digest);
    this.entries.set(digest, { bytes, until: this.now() + this.ttlMs });
    this.total += bytes.byteLength;
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxTotalBytes) break;
      this.entries.delete(key);
      this.total -= entry.bytes.byteLength;
    }
  }

  delete(digest: string): void {
    const entry = this.entries.get(digest);
    if (!entry) return;
    this.entries.delete(digest);
    this.total -= entry.bytes.byteLength;
  }

  get bytes(): number {
    return this.total;
  }
}
