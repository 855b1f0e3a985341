import { createHash } from "node:crypto";

/** How a test describes a file's content. */
export type FileSpec =
  | string
  | Uint8Array
  | { size: number; seed?: number; lfs?: boolean }
  | { content: string | Uint8Array; lfs?: boolean };

/** Digests of a blob's content. `sha1` is the git blob sha1 (`sha1("blob <size>\0" + content)`). */
export interface ContentDigest {
  sha256: string;
  sha1?: string;
}

const BLOCK = 1 << 20;
const YIELD_EVERY = 64 * BLOCK;
const baseBlocks = new Map<number, Uint8Array>();

/** A 1 MiB pseudo-random block for `seed` (xorshift32, little-endian), memoised. */
function baseBlock(seed: number): Uint8Array {
  let block = baseBlocks.get(seed);
  if (block) return block;
  block = new Uint8Array(BLOCK);
  const view = new DataView(block.buffer);
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view.setUint32(i, x >>> 0, true);
  }
  baseBlocks.set(seed, block);
  return block;
}

/** Block `index` of the generated stream: the base block with the index mixed into every 4 KiB page. */
function generatedBlock(seed: number, index: number): Uint8Array {
  const block = baseBlock(seed).slice();
  const view = new DataView(block.buffer);
  const mix = Math.imul(index + 1, 0x9e3779b1);
  for (let page = 0; page < BLOCK; page += 4096) {
    view.setUint32(page, (view.getUint32(page, true) ^ mix ^ page) >>> 0, true);
  }
  return block;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** File content: either bytes in memory or a seeded generator that never materialises the whole file. */
export class Blob {
  private memo: ContentDigest | undefined;
  private pending: Promise<ContentDigest> | undefined;

  private constructor(
    readonly size: number,
    /** Identifies the content without hashing it (commit ids and blob sharing use it). */
    readonly fingerprint: string,
    private readonly bytes: Uint8Array | null,
    private readonly seed: number,
  ) {}

  static fromBytes(bytes: Uint8Array): Blob {
    const fingerprint = `bytes:${createHash("sha256").update(bytes).digest("hex")}`;
    return new Blob(bytes.byteLength, fingerprint, bytes, 0);
  }

  static generated(size: number, seed: number): Blob {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid generated size ${size}`);
    return new Blob(size, `gen:${size}:${seed}`, null, seed);
  }

  /** Bytes `start` (inclusive) to `end` (exclusive), in chunks of at most 1 MiB. Chunks may be shared: copy before mutating. */
  *chunks(start = 0, end = this.size): Generator<Uint8Array> {
    const stop = Math.min(end, this.size);
    for (let pos = start; pos < stop; ) {
      const index = Math.floor(pos / BLOCK);
      const blockStart = index * BLOCK;
      const blockEnd = Math.min(blockStart + BLOCK, stop);
      if (this.bytes) yield this.bytes.subarray(pos, blockEnd);
      else yield generatedBlock(this.seed, index).subarray(pos - blockStart, blockEnd - blockStart);
      pos = blockEnd;
    }
  }

  /** Digest, computed once (synchronously, blocking) and memoised. */
  digestSync(withSha1: boolean): ContentDigest {
    if (this.has(withSha1) && this.memo) return this.memo;
    const hashes = this.hashers(withSha1);
    for (const chunk of this.chunks()) hashes.update(chunk);
    return this.remember(hashes.digest());
  }

  /** Digest, computed once by streaming the content (yielding to the event loop) and memoised. */
  async digest(withSha1: boolean): Promise<ContentDigest> {
    if (this.has(withSha1) && this.memo) return this.memo;
    const pending = this.pending;
    if (pending) {
      const result = await pending;
      if (!withSha1 || result.sha1) return result;
    }
    const run = (async () => {
      const hashes = this.hashers(withSha1);
      let sinceYield = 0;
      for (const chunk of this.chunks()) {
        hashes.update(chunk);
        sinceYield += chunk.byteLength;
        if (sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await yieldToLoop();
        }
      }
      return this.remember(hashes.digest());
    })();
    this.pending = run;
    return run;
  }

  private has(withSha1: boolean): boolean {
    return this.memo !== undefined && (!withSha1 || this.memo.sha1 !== undefined);
  }

  private remember(digest: ContentDigest): ContentDigest {
    if (!this.memo || (digest.sha1 && !this.memo.sha1)) this.memo = digest;
    return this.memo;
  }

  private hashers(withSha1: boolean): { update(c: Uint8Array): void; digest(): ContentDigest } {
    const sha256 = createHash("sha256");
    const sha1 = withSha1 ? createHash("sha1").update(`blob ${this.size}\0`) : null;
    return {
      update(chunk) {
        sha256.update(chunk);
        sha1?.update(chunk);
      },
      digest: () => ({ sha256: sha256.digest("hex"), ...(sha1 ? { sha1: sha1.digest("hex") } : {}) }),
    };
  }
}

export const LFS_SIZE_THRESHOLD = 10 * 1024 * 1024;
const LFS_EXTENSIONS = [".bin", ".safetensors", ".gguf", ".onnx", ".parquet", ".pt", ".h5", ".msgpack"];

/** Turns a spec into a blob plus whether it is stored in LFS (explicit `lfs` wins over size/extension). */
export function blobFromSpec(path: string, spec: FileSpec): { blob: Blob; lfs: boolean } {
  let blob: Blob;
  let lfs: boolean | undefined;
  if (typeof spec === "string") blob = Blob.fromBytes(new TextEncoder().encode(spec));
  else if (spec instanceof Uint8Array) blob = Blob.fromBytes(spec);
  else if ("content" in spec) {
    const bytes = typeof spec.content === "string" ? new TextEncoder().encode(spec.content) : spec.content;
    blob = Blob.fromBytes(bytes);
    lfs = spec.lfs;
  } else {
    blob = Blob.generated(spec.size, spec.seed ?? 0);
    lfs = spec.lfs;
  }
  if (lfs === undefined) {
    const lower = path.toLowerCase();
    lfs = blob.size > LFS_SIZE_THRESHOLD || LFS_EXTENSIONS.some((ext) => lower.endsWith(ext));
  }
  return { blob, lfs };
}

/** The git-lfs pointer file that git stores in place of an LFS file. */
export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** Git blob sha1 of small in-memory text. */
export function gitBlobSha1(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
