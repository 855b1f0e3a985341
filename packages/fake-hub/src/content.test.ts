import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Blob, blobFromSpec, gitBlobSha1 } from "./content.ts";

const concat = (chunks: Iterable<Uint8Array>): Buffer => Buffer.concat([...chunks]);

describe("content", () => {
  it("generates deterministic content whose ranges agree with the whole", () => {
    const size = 3 * 1024 * 1024 + 123;
    const a = Blob.generated(size, 7);
    const whole = concat(a.chunks());
    expect(whole.byteLength).toBe(size);
    expect(concat(Blob.generated(size, 7).chunks()).equals(whole)).toBe(true);
    expect(concat(Blob.generated(size, 8).chunks()).equals(whole)).toBe(false);
    for (const [start, end] of [
      [0, 1],
      [1024 * 1024 - 5, 1024 * 1024 + 5],
      [size - 10, size],
      [100, 2500000],
    ]) {
      expect(concat(a.chunks(start, end)).equals(whole.subarray(start, end))).toBe(true);
    }
    // Blocks differ from each other (the index is mixed in).
    expect(whole.subarray(0, 1 << 20).equals(whole.subarray(1 << 20, 2 << 20))).toBe(false);
  });

  it("computes sha256 and the git blob sha1, sync and async alike", async () => {
    const blob = Blob.fromBytes(new TextEncoder().encode("hello\n"));
    const digest = blob.digestSync(true);
    expect(digest.sha1).toBe("ce013625030ba8dba906f756967f9e9ca394464a"); // `git hash-object` of "hello\n"
    expect(gitBlobSha1("hello\n")).toBe(digest.sha1);
    const gen = Blob.generated(5 * 1024 * 1024, 3);
    const expected = createHash("sha256").update(concat(gen.chunks())).digest("hex");
    expect((await gen.digest(false)).sha256).toBe(expected);
    expect(Blob.generated(5 * 1024 * 1024, 3).digestSync(false).sha256).toBe(expected);
  });

  it("decides LFS from the explicit flag, the size, then the extension", () => {
    expect(blobFromSpec("config.json", "{}").lfs).toBe(false);
    expect(blobFromSpec("model.safetensors", "x").lfs).toBe(true);
    expect(blobFromSpec("weights/a.GGUF", { size: 10 }).lfs).toBe(true);
    expect(blobFromSpec("big.txt", { size: 11 * 1024 * 1024 }).lfs).toBe(true);
    expect(blobFromSpec("big.txt", { size: 11 * 1024 * 1024, lfs: false }).lfs).toBe(false);
    expect(blobFromSpec("notes.txt", { content: "x", lfs: true }).lfs).toBe(true);
  });

  it("generates exactly the size asked for, in chunks", () => {
    const blob = Blob.generated(512 * 1024 * 1024 + 3, 1);
    let total = 0;
    let chunks = 0;
    for (const chunk of blob.chunks()) {
      total += chunk.byteLength;
      chunks++;
    }
    expect(total).toBe(512 * 1024 * 1024 + 3);
    expect(chunks).toBeGreaterThan(1);
  });
});
