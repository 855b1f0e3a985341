import { describe, expect, it } from "vitest";
import { SmallBlobMemory } from "./small-blobs.ts";

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe("SmallBlobMemory", () => {
  it("keeps small blobs up to its total, dropping the least recently used first", () => {
    const memory = new SmallBlobMemory({ maxEntryBytes: 100, maxTotalBytes: 250, ttlMs: 10_000 });
    memory.set("a", bytes(100, 1));
    memory.set("b", bytes(100, 2));
    expect(memory.get("a")?.[0]).toBe(1); // a is now the most recent
    memory.set("c", bytes(100, 3));
    expect(memory.get("b")).toBeUndefined();
    expect(memory.get("a")?.[0]).toBe(1);
    expect(memory.get("c")?.[0]).toBe(3);
    expect(memory.bytes).toBe(200);
  });

  it("never keeps a blob larger than its entry limit", () => {
    const memory = new SmallBlobMemory({ maxEntryBytes: 100, maxTotalBytes: 1000, ttlMs: 10_000 });
    memory.set("big", bytes(101));
    expect(memory.get("big")).toBeUndefined();
    expect(memory.bytes).toBe(0);
  });

  it("forgets an entry after its TTL, and at once when deleted", () => {
    let now = 0;
    const memory = new SmallBlobMemory({
      maxEntryBytes: 100,
      maxTotalBytes: 1000,
      ttlMs: 50,
      now: () => now,
    });
    memory.set("a", bytes(10));
    memory.set("b", bytes(10));
    memory.delete("b");
    expect(memory.get("b")).toBeUndefined();
    now = 49;
    expect(memory.get("a")).toBeDefined();
    now = 50;
    expect(memory.get("a")).toBeUndefined();
    expect(memory.bytes).toBe(0);
  });
});
