/**
 * Which blobs are in use in this process: leased (a reader streaming, a fill between commit and index)
 * or used within the last `graceMs` (a zero-copy response the store cannot follow opens its file a few
 * milliseconds after the request was resolved; once open, the bytes stay readable even if unlinked).
 */
export class BlobLeases {
  private readonly counts = new Map<string, number>();
  private readonly lastUse = new Map<string, number>();

  constructor(
    private readonly graceMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  lease(digest: string): () => void {
    this.counts.set(digest, (this.counts.get(digest) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(digest) ?? 1) - 1;
      if (left > 0) this.counts.set(digest, left);
      else this.counts.delete(digest);
      this.touch(digest);
    };
  }

  touch(digest: string): void {
    const now = this.now();
    this.lastUse.delete(digest);
    this.lastUse.set(digest, now);
    // Insertion order is use order: forget the entries whose grace has passed.
    for (const [key, at] of this.lastUse) {
      if (now - at < this.graceMs) break;
      this.lastUse.delete(key);
    }
  }

  inUse(digest: string): boolean {
    if ((this.counts.get(digest) ?? 0) > 0) return true;
    const at = this.lastUse.get(digest);
    return at !== undefined && this.now() - at < this.graceMs;
  }

  /** Blobs leased right now. */
  get leased(): number {
    return this.counts.size;
  }
}
