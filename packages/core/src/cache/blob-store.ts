/** Content-addressed storage of file bytes, keyed by sha256 hex. Blobs are shared across tenants. */
export interface BlobStore {
  /** Size in bytes of a stored blob, or null when absent. */
  size(digest: string): Promise<number | null>;
  /** Bytes `start..end` (inclusive) of a stored blob. */
  read(digest: string, start: number, end: number): ReadableStream<Uint8Array>;
  /**
   * The whole blob from memory, when it is small enough to be kept there (read once from storage, then
   * kept for a short while): a warm hit on a small file then reads no file. Null when it is not small,
   * or not stored with `size` bytes. Absent: the store keeps nothing in memory.
   */
  readSmall?(digest: string, size: number): Promise<Uint8Array<ArrayBuffer> | null>;
  /** A local file path for zero-copy serving (sendfile), when the store has one. */
  localPath(digest: string): string | null;
  /**
   * A new blob being written; it becomes visible only through `commit`. `expected` is what the upstream
   * announced (a store may use a known sha256 to write in place: an object store's multipart upload).
   */
  createTemp(expected?: ExpectedBlob): Promise<TempBlob>;
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
  /** Every stored blob with when it was stored (ms since the epoch): recovery spares young ones. */
  listWithAge(): AsyncIterable<StoredBlobEntry>;
  /** Free and total bytes of the storage under the store; null when it has no such limit. */
  space(): Promise<StoreSpace | null>;
  /**
   * Resolves when the store can be read and written now (a readiness probe: cheap, called every few
   * seconds); rejects with the reason otherwise. A store without one is taken as always ready.
   */
  ready?(): Promise<void>;
  /**
   * A short-lived URL a client may fetch the blob's bytes from directly (an object store's presigned
   * URL), `fileName` the name it is to be saved under; null (or absent) when the store serves no such URL.
   */
  redirectUrl?(digest: string, fileName: string): string | null;
  /**
   * Removes what interrupted writes left behind in storage shared with other processes (an object
   * store's stray uploads); the capacity loop calls it. Returns how many went.
   */
  sweep?(): Promise<number>;
}

/** What a fill is expected to produce, as the upstream announced it. */
export interface ExpectedBlob {
  size: number;
  /** The sha256 when the upstream told it (an LFS file's X-Linked-Etag), else null. */
  sha256: string | null;
}

export interface StoredBlobEntry {
  digest: string;
  /** When the blob was stored (its mtime, its object's LastModified), in ms since the epoch. */
  storedAtMs: number;
}

export interface StoreSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface TempBlob {
  /** Appends `chunk`; once this resolves the chunk is not used again (the download frees it). */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Reads bytes already written (readers follow the writer while the download runs), possibly into lent
   * bytes (lent-copies.ts): a consumer that hands them back must be done with them.
   */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Moves the complete, verified bytes into place under `digest`; returns the storage key. */
  commit(digest: string): Promise<string>;
  /** Discards the bytes; nothing is left behind. */
  abort(): Promise<void>;
  /** Frees read resources once no reader needs the temp bytes any more. */
  release(): Promise<void>;
}
