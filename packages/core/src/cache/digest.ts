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
 * Hashes a file while it streams: sha256 (the store's key, and the LFS oid) and, only when the upstream's
 * ETag is one, the git blob sha1 (`sha1("blob <size>\0" + bytes)`, the ETag of a regular Hub file). Hashing
 * is the main CPU cost of a download: the sha1 is skipped for LFS files.
 */
export class StreamingDigest {
  private readonly sha256: Hash = createHash("sha256");
  private readonly gitSha1: Hash | null;
  private length = 0;

  constructor(expected: ExpectedContent) {
    const wantsSha1 = SHA1.test(normalizeEtag(expected.etag).toLowerCase());
    this.gitSha1 = wantsSha1 ? createHash("sha1").update(`blob ${expected.size}\0`) : null;
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
