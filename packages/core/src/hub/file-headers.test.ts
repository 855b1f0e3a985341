import { describe, expect, it } from "vitest";
import { contentDisposition, gitBlobSha1, lfsPointer } from "./file-headers.ts";

describe("file headers", () => {
  it("names a file by its own name, RFC 6266 style", () => {
    expect(contentDisposition("onnx/model.onnx")).toBe(
      `inline; filename*=UTF-8''model.onnx; filename="model.onnx"`,
    );
    expect(contentDisposition("docs/déjà vu (1).txt")).toBe(
      `inline; filename*=UTF-8''d%C3%A9j%C3%A0%20vu%20%281%29.txt; filename="d_j_ vu (1).txt"`,
    );
    expect(contentDisposition('a"b\\c.txt')).toBe(
      `inline; filename*=UTF-8''a%22b%5Cc.txt; filename="a_b_c.txt"`,
    );
  });

  it("builds the LFS pointer git stores, and its git oid", () => {
    const sha = "a".repeat(64);
    const pointer = lfsPointer(`"${sha}"`, 42);
    expect(pointer).toBe(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize 42\n`);
    // `git hash-object` of an empty file.
    expect(gitBlobSha1(new Uint8Array())).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  });
});
