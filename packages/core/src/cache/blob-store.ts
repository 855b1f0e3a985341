/** Content-addressed storage of file bytes, keyed by sha256 hex. Blobs are shared across tenants. */
export interface BlobStore {
  /** Size in bytes of a stored blob, or null when absent. */
  size(digest: string): Promise<number | null>;
  /** Bytes `start..end` (inclusive) of a stored blob. */
  read(digest: string, start: number, end: number): ReadableStream<Uint8Array>;
  /** A local file path for zero-copy serving (sendfile), when the store has one. */
  localPath(digest: string): string | null;
  /** A new blob being written; it becomes visible only through `commit`. */
  createTemp(): Promise<TempBlob>;
  /** Removes a blob whatever uses it (a purge); prefer `deleteIfUnused`. */
  delete(digest: string): Promise<void>;
  /**
   * Removes a blob unless it is in use (see `lease`); false when it was kept. The check and the removal
   * are one step, so a fill or a reader that leases the blob afterwards finds it intact or absent.
   */
  deleteIfUnused(digest: string): Promise<boolean>;
  /**
   * Marks a blob in use (a reader streaming it, a fill committing it) until the returned function is
   * called: eviction and garbage collection leave it alone meanwhile.
   */
  lease(digest: string): () => void;
  /** Marks a blob as just used by a reader the store cannot follow (zero-copy serving). */
  touch(digest: string): void;
  /** True while a blob is leased, or was used within the store's grace period. */
  inUse(digest: string): boolean;
  /** Every stored blob's digest (crash recovery, scrub). */
  list(): AsyncIterable<string>;
  /** Free and total bytes of the storage under the store; null when it has no such limit. */
  space(): Promise<StoreSpace | null>;
}

export interface StoreSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface TempBlob {
  write(chunk: Uint8Array): Promise<void>;
  /** Reads bytes already written (readers follow the writer while the download runs). */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Moves the complete, verified bytes into place under `digest`; returns the storage key. */
  commit(digest: string): Promise<string>;
  /** Discards the bytes; nothing is left behind. */
  abort(): Promise<void>;
  /** Frees read resources once no reader needs the temp bytes any more. */
  release(): Promise<void>;
}
