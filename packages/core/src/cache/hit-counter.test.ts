import { describe, expect, it } from "vitest";
import type { CacheIndex } from "./cache-index.ts";
import { HitCounter } from "./hit-counter.ts";
import { MemoryCacheIndex } from "./memory-index.ts";

describe("HitCounter", () => {
  it("adds up hits per blob and writes them on flush", async () => {
    const index = new MemoryCacheIndex();
    const file = { commit: "c".repeat(40), path: "a", etag: "e", linkedEtag: null, size: 1, lfs: false };
    const repo = { remoteId: "r", repoType: "model" as const, repoId: "x" };
    await index.putFile(repo, { ...file, blobDigest: "d1" }, "k1");
    await index.putFile(repo, { ...file, path: "b", blobDigest: "d2" }, "k2");
    const counter = new HitCounter(index, 60_000);
    counter.record("d1");
    counter.record("d1");
    counter.record("d2");
    expect(index.blobs.get("d1")?.hits).toBe(0);
    await counter.close();
    expect(index.blobs.get("d1")?.hits).toBe(2);
    expect(index.blobs.get("d2")?.hits).toBe(1);
  });

  it("reports a failing write without losing the other blobs' counts", async () => {
    const errors: unknown[] = [];
    const written: string[] = [];
    const index = {
      recordBlobHits: async (digest: string) => {
        if (digest === "bad") throw new Error("db down");
        written.push(digest);
      },
    } as unknown as CacheIndex;
    const counter = new HitCounter(index, 60_000, (error) => errors.push(error));
    counter.record("bad");
    counter.record("good");
    await counter.close();
    expect(errors).toHaveLength(1);
    expect(written).toEqual(["good"]);
  });
});
