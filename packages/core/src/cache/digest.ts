import { createHash, type Hash } from "node:crypto";

/** Strips `W/` and quotes: `W/"abc"` → `abc`. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

export interface ActualContent {
  sha256: string;
  /** Null when not computed (the upstream's ETag was not a sha1: nothing to check it against). */
  gitSha1: string | null;
  size: number;
}

const SHA1 = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Hashes a file's bytes as they stream in. `update` may return a promise: the caller waits for it before
 * the next chunk (a hasher on another thread that is behind). `update` must not keep the chunk once it
 * has returned: the download frees it soon after (recent-bytes.ts). `abort` frees what a failed download
 * left.
 */
export interface ContentHasher {
  update(chunk: Uint8Array): void | Promise<void>;
  finish(): ActualContent | Promise<ActualContent>;
  abort(): void;
}

/** Whether the upstream's ETag is a git blob sha1, to be checked against the bytes. */
export function wantsGitSha1(expected: ExpectedContent): boolean {
  return SHA1.test(normalizeEtag(expected.etag).toLowerCase());
}

/** What git hashes before a blob's bytes: `blob <size>\0`. */
export function gitBlobHeader(size: number): string {
  return `blob ${size}\0`;
}

/**
 * Hashes a file on this thread while it streams: sha256 (the store's key, and the LFS oid) and, only when the upstream's
 * ETag is one, the git blob sha1 (`sha1("blob <size>\0" + bytes)`, the ETag of a regular Hub file). Hashing
 * is the main CPU cost of a download: the sha1 is skipped for LFS files.
 */
export class StreamingDigest implements ContentHasher {
  private readonly sha256: Hash = createHash("sha256");
  private readonly gitSha1: Hash | null;
  private length = 0;

  constructor(expected: ExpectedContent) {
    this.gitSha1 = wantsGitSha1(expected) ? createHash("sha1").update(gitBlobHeader(expected.size)) : null;
  }

  update(chunk: Uint8Array): void {
    this.sha256.update(chunk);
    this.gitSha1?.update(chunk);
    this.length += chunk.length;
  }

  finish(): ActualContent {
    return {
      sha256: this.sha256.digest("hex"),
      gitSha1: this.gitSha1?.digest("hex") ?? null,
      size: this.length,
    };
  }

  abort(): void {}
}

export interface ExpectedContent {
  size: number;
  /** The upstream's identity for the bytes: X-Linked-Etag for LFS files, else the ETag. */
  etag: string;
}

/**
 * Checks finished bytes against what the upstream promised. Returns null when they match, else why not.
 * An ETag that is neither a sha1 nor a sha256 cannot be checked by content; the size still is.
 */
export function verifyContent(actual: ActualContent, expected: ExpectedContent): string | null {
  if (actual.size !== expected.size) return `size ${actual.size} != expected ${expected.size}`;
  const etag = normalizeEtag(expected.etag).toLowerCase();
  if (SHA256.test(etag) && etag !== actual.sha256) return "sha256 does not match the upstream ETag";
  if (SHA1.test(etag) && etag !== actual.gitSha1) return "git sha1 does not match the upstream ETag";
  return null;
}
