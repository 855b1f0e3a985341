import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { normalizeEtag, StreamingDigest, verifyContent } from "./digest.ts";

const bytes = new TextEncoder().encode("hello world\n");
const sha256 = createHash("sha256").update(bytes).digest("hex");
// `git hash-object` of "hello world\n"
const gitSha1 = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

function digestOf(chunks: Uint8Array[], expectedEtag: string) {
  const digest = new StreamingDigest({ size: bytes.length, etag: expectedEtag });
  for (const chunk of chunks) digest.update(chunk);
  return digest.finish();
}

describe("digests", () => {
  it("computes sha256 and the git blob sha1 across chunks", () => {
    const actual = digestOf([bytes.subarray(0, 5), bytes.subarray(5)], `"${gitSha1}"`);
    expect(actual).toEqual({ sha256, gitSha1, size: bytes.length });
  });

  it("skips the git sha1 when the upstream ETag is a sha256 (LFS)", () => {
    expect(digestOf([bytes], `"${sha256}"`)).toEqual({ sha256, gitSha1: null, size: bytes.length });
  });

  it("normalizes weak and quoted ETags", () => {
    expect(normalizeEtag('W/"abc"')).toBe("abc");
    expect(normalizeEtag('"abc"')).toBe("abc");
    expect(normalizeEtag("abc")).toBe("abc");
  });

  it("accepts bytes matching the upstream sha256 (LFS) or git sha1 (regular)", () => {
    const actual = digestOf([bytes], gitSha1);
    expect(verifyContent(actual, { size: bytes.length, etag: `"${sha256}"` })).toBeNull();
    expect(verifyContent(actual, { size: bytes.length, etag: `W/"${gitSha1}"` })).toBeNull();
  });

  it("rejects short, corrupt or mismatched bytes", () => {
    const actual = digestOf([bytes], gitSha1);
    expect(verifyContent(actual, { size: bytes.length + 1, etag: sha256 })).toMatch(/size/);
    expect(verifyContent(actual, { size: bytes.length, etag: "0".repeat(64) })).toMatch(/sha256/);
    expect(verifyContent(actual, { size: bytes.length, etag: "0".repeat(40) })).toMatch(/sha1/);
  });
});
