import { randomBytes } from "node:crypto";
import { constants, createReadStream, renameSync } from "node:fs";
import {
  access,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  statfs,
  unlink,
  type FileHandle,
} from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { BlobLeases } from "./blob-leases.ts";
import { SmallBlobMemory } from "./small-blobs.ts";
import type { BlobStore, StoredBlobEntry, StoreSpace, TempBlob } from "./blob-store.ts";
import { lentBytes } from "./lent-copies.ts";

const DIGEST = /^[0-9a-f]{64}$/;
// Private repos' bytes: only the content server's user may read them (folders it creates are 0700, blobs
// 0600, whatever the umask; a folder that already existed keeps its mode).
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const HEX2 = /^[0-9a-f]{2}$/;
/** How long a small blob kept in memory is trusted before its file is read again (a scrub in another process may remove it). */
const SMALL_BLOB_TTL_MS = 10_000;

function assertDigest(digest: string): void {
  // The digest becomes a path: only a well-formed sha256 may reach the file system.
  if (!DIGEST.test(digest)) throw new Error(`Invalid blob digest: ${digest.slice(0, 80)}`);
}

export function storageKeyOf(digest: string): string {
  assertDigest(digest);
  return `sha256/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`;
}

export interface FsBlobStoreOptions {
  /** How long a blob counts as in use after a reader the store cannot follow was handed its path. */
  graceMs?: number;
  /** Memory for the bytes of small blobs (`readSmall`); default 32 MiB, 0 keeps none. */
  smallBlobMemoryBytes?: number;
}

/**
 * Blobs as files under `root`: `sha256/ab/cd/<digest>`, written to `tmp/` and renamed when verified.
 * A store folder belongs to one process (the content server): `init` removes every temp file in it, and
 * which blobs are in use is known in that process only.
 */
export class FsBlobStore implements BlobStore {
  private readonly tempDir: string;
  private readonly leases: BlobLeases;
  private readonly small: SmallBlobMemory;

  constructor(
    readonly root: string,
    options: FsBlobStoreOptions = {},
  ) {
    this.tempDir = join(root, "tmp");
    this.leases = new BlobLeases(options.graceMs);
    this.small = new SmallBlobMemory({
      ttlMs: SMALL_BLOB_TTL_MS,
      maxTotalBytes: options.smallBlobMemoryBytes,
    });
  }

  readSmall(digest: string, size: number): Promise<Uint8Array<ArrayBuffer> | null> {
    return this.small.read(digest, size, () => readFile(this.localPath(digest)));
  }

  /**
   * Creates the folders and removes the temp files a stopped or killed process left (half-written
   * fills, blobs being deleted). Returns how many went.
   */
  async init(): Promise<number> {
    await mkdir(this.tempDir, { recursive: true, mode: DIR_MODE });
    let removed = 0;
    for (const name of await readdir(this.tempDir)) {
      await rm(join(this.tempDir, name), { force: true, recursive: true });
      removed++;
    }
    return removed;
  }

  localPath(digest: string): string {
    return join(this.root, storageKeyOf(digest));
  }

  async size(digest: string): Promise<number | null> {
    const info = await stat(this.localPath(digest)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }

  read(digest: string, start: number, end: number): ReadableStream<Uint8Array> {
    const stream = createReadStream(this.localPath(digest), { start, end, highWaterMark: 256 * 1024 });
    // Node's and the DOM's ReadableStream typings differ; the object is a standard web stream.
    return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
  }

  /** The expected content is not needed: a temp file is renamed into place whatever its digest. */
  async createTemp(): Promise<TempBlob> {
    await mkdir(this.tempDir, { recursive: true, mode: DIR_MODE });
    const path = join(this.tempDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const { writer, reader } = await openTempFile(path);
    return new FsTempBlob(this, path, writer, reader);
  }

  async delete(digest: string): Promise<void> {
    this.small.delete(digest);
    await rm(this.localPath(digest), { force: true });
  }

  async deleteIfUnused(digest: string): Promise<boolean> {
    if (this.leases.inUse(digest)) return false;
    this.small.delete(digest);
    // Moved out of the way synchronously, in the same turn as the check: a fill that commits the same
    // digest afterwards writes a new file; a reader that opened the old one keeps reading it.
    const trash = join(this.tempDir, `deleted-${digest}-${randomBytes(4).toString("hex")}`);
    try {
      renameSync(this.localPath(digest), trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
      throw error;
    }
    await rm(trash, { force: true });
    return true;
  }

  lease(digest: string): () => void {
    return this.leases.lease(digest);
  }

  touch(digest: string): void {
    this.leases.touch(digest);
  }

  inUse(digest: string): boolean {
    return this.leases.inUse(digest);
  }

  async *list(): AsyncIterable<string> {
    const base = join(this.root, "sha256");
    for (const a of await readdir(base).catch(() => [])) {
      if (!HEX2.test(a)) continue;
      for (const b of await readdir(join(base, a)).catch(() => [])) {
        if (!HEX2.test(b)) continue;
        for (const name of await readdir(join(base, a, b)).catch(() => [])) {
          if (DIGEST.test(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }

  async *listWithAge(): AsyncIterable<StoredBlobEntry> {
    for await (const digest of this.list()) {
      const info = await stat(this.localPath(digest)).catch(() => null);
      if (info) yield { digest, storedAtMs: info.mtimeMs };
    }
  }

  /** The root is a directory this process may write to (a volume that went away, or is read-only, is not). */
  async ready(): Promise<void> {
    const info = await stat(this.root);
    if (!info.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    await access(this.root, constants.W_OK | constants.X_OK);
  }

  async space(): Promise<StoreSpace> {
    const info = await statfs(this.root);
    return { freeBytes: info.bavail * info.bsize, totalBytes: info.blocks * info.bsize };
  }
}

/**
 * A new temp file (private to this process's user), with a handle to write it and one to read it back.
 * Nothing is left open, or on disk, when the second open fails (out of descriptors, say).
 */
export async function openTempFile(path: string): Promise<{ writer: FileHandle; reader: FileHandle }> {
  const writer = await open(path, "wx", FILE_MODE);
  try {
    return { writer, reader: await open(path, "r") };
  } catch (error) {
    await writer.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/**
 * Bytes a fill wrote to its temp file, read back into lent bytes (lent-copies.ts): a reader slower than
 * the fill reads every byte from there. Shared by the stores whose fills spool to a local file.
 */
export async function readTempFile(
  reader: FileHandle,
  position: number,
  length: number,
): Promise<Uint8Array> {
  const bytes = lentBytes(length);
  const { bytesRead } = await reader.read(bytes, 0, length, position);
  return bytesRead === length ? bytes : bytes.subarray(0, bytesRead);
}

/** How many bytes a fill writes between the background flushes of its temp file to disk. */
const SYNC_EVERY_BYTES = 32 * 1024 * 1024;

class FsTempBlob implements TempBlob {
  private writerOpen = true;
  private readerOpen = true;
  private unsyncedBytes = 0;
  /**
   * The flush running in the background, if any. The disk writes the file while it downloads, so the
   * flush that must finish before the blob is committed has only the last bytes left to write.
   */
  private syncing: Promise<void> | null = null;
  private syncFailure: unknown = null;

  constructor(
    private readonly store: FsBlobStore,
    private readonly path: string,
    private readonly writer: FileHandle,
    private readonly reader: FileHandle,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.writer.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.unsyncedBytes += chunk.length;
    if (this.unsyncedBytes >= SYNC_EVERY_BYTES && this.syncing === null) this.syncInBackground();
  }

  private syncInBackground(): void {
    this.unsyncedBytes = 0;
    this.syncing = this.writer
      .datasync()
      .catch((error: unknown) => {
        this.syncFailure ??= error;
      })
      .finally(() => {
        this.syncing = null;
      });
  }

  read(position: number, length: number): Promise<Uint8Array> {
    return readTempFile(this.reader, position, length);
  }

  async commit(digest: string): Promise<string> {
    await this.closeWriter();
    const key = storageKeyOf(digest);
    const target = join(this.store.root, key);
    await mkdir(join(target, ".."), { recursive: true, mode: DIR_MODE });
    // A blob with this digest is identical by definition; replacing it atomically is harmless.
    await rename(this.path, target);
    return key;
  }

  async abort(): Promise<void> {
    try {
      await this.closeWriter().catch(() => undefined);
      await this.release();
    } finally {
      await unlink(this.path).catch(() => undefined);
    }
  }

  async release(): Promise<void> {
    if (!this.readerOpen) return;
    this.readerOpen = false;
    await this.reader.close();
  }

  private async closeWriter(): Promise<void> {
    if (!this.writerOpen) return;
    this.writerOpen = false;
    try {
      await this.syncing;
      if (this.syncFailure) throw this.syncFailure;
      await this.writer.sync();
    } finally {
      // Closed even when the sync fails (a full disk): a handle is never left to the garbage collector.
      await this.writer.close();
    }
  }
}
