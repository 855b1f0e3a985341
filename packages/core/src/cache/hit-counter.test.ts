import { describe, expect, it } from "vitest";
import type { CacheIndex, RepoKey } from "./cache-index.ts";
import { HitCounter } from "./hit-counter.ts";
import { MemoryCacheIndex } from "./memory-index.ts";

const repo: RepoKey = { remoteId: "r", repoType: "model", repoId: "x" };
const commit = "c".repeat(40);

describe("HitCounter", () => {
  it("adds up hits per file and writes them on flush", async () => {
    const index = new MemoryCacheIndex();
    const file = { commit, etag: "e", linkedEtag: null, size: 1, lfs: false };
    await index.putFile(repo, { ...file, path: "a", blobDigest: "d1" }, "k1");
    await index.putFile(repo, { ...file, path: "b", blobDigest: "d2" }, "k2");
    const counter = new HitCounter(index, 60_000);
    counter.record(repo, commit, "a");
    counter.record(repo, commit, "a");
    counter.record(repo, commit, "b");
    expect(index.blobs.get("d1")?.hits).toBe(0);
    await counter.close();
    expect([...index.fileHits.values()]).toEqual([2, 1]);
    expect(index.blobs.get("d1")?.hits).toBe(2);
  });

  it("reports a failing write without losing the other files' counts", async () => {
    const errors: unknown[] = [];
    const written: string[] = [];
    const index = {
      recordFileHits: async (_repo: RepoKey, _commit: string, path: string) => {
        if (path === "bad") throw new Error("db down");
        written.push(path);
      },
    } as unknown as CacheIndex;
    const counter = new HitCounter(index, 60_000, (error) => errors.push(error));
    counter.record(repo, commit, "bad");
    counter.record(repo, commit, "good");
    await counter.close();
    expect(errors).toHaveLength(1);
    expect(written).toEqual(["good"]);
  });

  it("keeps the counts it could not write and writes them once the index is back", async () => {
    let down = true;
    const written: Array<[string, number]> = [];
    const index = {
      recordFileHits: async (_repo: RepoKey, _commit: string, path: string, hits: number) => {
        if (down) throw new Error("database is locked");
        written.push([path, hits]);
      },
    } as unknown as CacheIndex;
    const counter = new HitCounter(index, 60_000);
    counter.record(repo, commit, "a");
    await expect(counter.flush()).rejects.toThrow("database is locked");
    counter.record(repo, commit, "a");
    counter.record(repo, commit, "b");
    down = false;
    await counter.flush();
    expect(written).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    await counter.close();
  });
});
