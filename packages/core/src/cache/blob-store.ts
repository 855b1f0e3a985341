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
  delete(digest: string): Promise<void>;
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
