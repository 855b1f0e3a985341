import { createHash, type Hash } from "node:crypto";

/** Strips `W/` and quotes: `W/"abc"` → `abc`. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

/**
 * Hashes a file while it streams: sha256 (the store's key, and the LFS oid) and the git blob sha1
 * (`sha1("blob <size>\0" + bytes)`, the ETag of a regular Hub file).
 */
export class StreamingDigest {
  private readonly sha256: Hash = createHash("sha256");
  private readonly gitSha1: Hash;
  private length = 0;

  constructor(expectedSize: number) {
    this.gitSha1 = createHash("sha1").update(`blob ${expectedSize}\0`);
  }

  update(chunk: Uint8Array): void {
    this.sha256.update(chunk);
    this.gitSha1.update(chunk);
    this.length += chunk.length;
  }

  finish(): { sha256: string; gitSha1: string; size: number } {
    return { sha256: this.sha256.digest("hex"), gitSha1: this.gitSha1.digest("hex"), size: this.length };
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
export function verifyContent(
  actual: { sha256: string; gitSha1: string; size: number },
  expected: ExpectedContent,
): string | null {
  if (actual.size !== expected.size) return `size ${actual.size} != expected ${expected.size}`;
  const etag = normalizeEtag(expected.etag).toLowerCase();
  if (/^[0-9a-f]{64}$/.test(etag) && etag !== actual.sha256) return "sha256 does not match the upstream ETag";
  if (/^[0-9a-f]{40}$/.test(etag) && etag !== actual.gitSha1)
    return "git sha1 does not match the upstream ETag";
  return null;
}
