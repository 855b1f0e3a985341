import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { BlobStore, TempBlob } from "./blob-store.ts";

const DIGEST = /^[0-9a-f]{64}$/;
const STALE_TEMP_MS = 60 * 60 * 1000;

function assertDigest(digest: string): void {
  // The digest becomes a path: only a well-formed sha256 may reach the file system.
  if (!DIGEST.test(digest)) throw new Error(`Invalid blob digest: ${digest.slice(0, 80)}`);
}

export function storageKeyOf(digest: string): string {
  assertDigest(digest);
  return `sha256/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`;
}

/** Blobs as files under `root`: `sha256/ab/cd/<digest>`, written to `tmp/` and renamed when verified. */
export class FsBlobStore implements BlobStore {
  private readonly tempDir: string;

  constructor(readonly root: string) {
    this.tempDir = join(root, "tmp");
  }

  /** Creates the folders and removes temp files left by a crashed process. */
  async init(): Promise<void> {
    await mkdir(this.tempDir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
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

  async createTemp(): Promise<TempBlob> {
    await mkdir(this.tempDir, { recursive: true });
    const path = join(this.tempDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const writer = await open(path, "wx", 0o644);
    const reader = await open(path, "r");
    return new FsTempBlob(this, path, writer, reader);
  }

  async delete(digest: string): Promise<void> {
    await rm(this.localPath(digest), { force: true });
  }
}

class FsTempBlob implements TempBlob {
  private writerOpen = true;
  private readerOpen = true;

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
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.reader.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  async commit(digest: string): Promise<string> {
    await this.closeWriter();
    const key = storageKeyOf(digest);
    const target = join(this.store.root, key);
    await mkdir(join(target, ".."), { recursive: true });
    // A blob with this digest is identical by definition; replacing it atomically is harmless.
    await rename(this.path, target);
    return key;
  }

  async abort(): Promise<void> {
    try {
      await this.closeWriter();
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
    await this.writer.sync();
    await this.writer.close();
  }
}
