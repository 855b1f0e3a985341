import { describe, expect, it } from "vitest";
import { returnCopy } from "./lent-copies.ts";
import { RecentBytes } from "./recent-bytes.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (view: Uint8Array | null) => (view === null ? null : new TextDecoder().decode(view));

describe("RecentBytes", () => {
  it("reads from any offset it still holds, up to the end of one chunk", () => {
    const recent = new RecentBytes(100);
    recent.push(bytes("hello "));
    recent.push(bytes("world"));
    expect(text(recent.read(0, 100, "copy"))).toBe("hello ");
    expect(text(recent.read(3, 2, "view"))).toBe("lo");
    expect(text(recent.read(6, 100, "copy"))).toBe("world");
    expect(recent.read(11, 1, "copy")).toBeNull();
  });

  it("drops the oldest chunks beyond its limit, keeping at least the last", () => {
    const recent = new RecentBytes(6);
    recent.push(bytes("aaaa"));
    recent.push(bytes("bbbb"));
    recent.push(bytes("cccccccc"));
    expect(recent.read(0, 4, "copy")).toBeNull();
    expect(recent.read(4, 4, "copy")).toBeNull();
    expect(text(recent.read(8, 3, "view"))).toBe("ccc");
    recent.clear();
    expect(recent.read(8, 3, "copy")).toBeNull();
  });
});

describe("RecentBytes frees what it drops", () => {
  const canTransfer = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function";
  const chunk = (size: number, fill: number) => new Uint8Array(size).fill(fill);

  it("gives readers copies, which stay whole after their chunk is dropped and freed", () => {
    const recent = new RecentBytes(256 * 1024);
    // A Buffer, as an upstream's chunks are: its `slice` is a view, which a copy must not be.
    const first = Buffer.alloc(128 * 1024, 1);
    recent.push(first);
    const read = recent.read(0, 1024, "copy");
    for (let i = 2; i < 6; i++) recent.push(chunk(128 * 1024, i));
    expect(recent.read(0, 1, "copy")).toBeNull();
    expect(read).toEqual(new Uint8Array(1024).fill(1));
    // Where the runtime can transfer a buffer (Bun, Node 21+), the dropped chunk's memory is gone.
    expect(first.byteLength).toBe(canTransfer ? 0 : 128 * 1024);
  });

  it("never frees a chunk a reader was handed a view of", () => {
    const recent = new RecentBytes(1);
    const first = chunk(128 * 1024, 1);
    recent.push(first);
    const view = recent.read(100, 1000, "view");
    recent.push(chunk(128 * 1024, 2));
    expect(recent.read(100, 1, "copy")).toBeNull(); // dropped
    expect(first.byteLength).toBe(128 * 1024);
    expect(view).toEqual(new Uint8Array(1000).fill(1));
  });

  it("frees a chunk it dropped once the last view of it is handed back, not before", () => {
    const recent = new RecentBytes(1);
    const first = chunk(128 * 1024, 1);
    recent.push(first);
    const one = recent.read(0, 1000, "view")!;
    const two = recent.read(1000, 1000, "view")!;
    recent.push(chunk(128 * 1024, 2));
    expect(recent.read(0, 1, "copy")).toBeNull(); // dropped
    returnCopy(one);
    expect(first.byteLength).toBe(128 * 1024);
    expect(two).toEqual(new Uint8Array(1000).fill(1));
    returnCopy(two);
    expect(first.byteLength).toBe(canTransfer ? 0 : 128 * 1024);
  });

  it("keeps a chunk still held when its views are handed back: readers may be handed more", () => {
    const recent = new RecentBytes(1024 * 1024);
    const first = chunk(128 * 1024, 1);
    recent.push(first);
    returnCopy(recent.read(0, 1000, "view")!);
    expect(first.byteLength).toBe(128 * 1024);
    expect(recent.read(5, 3, "view")).toEqual(new Uint8Array(3).fill(1));
  });

  it("never frees a chunk that is a view into a larger buffer, nor a small one", () => {
    const recent = new RecentBytes(1);
    const shared = new Uint8Array(256 * 1024).fill(7);
    const view = shared.subarray(1024);
    const small = chunk(1024, 9);
    recent.push(view);
    recent.push(small);
    recent.push(chunk(128 * 1024, 3));
    expect(view.byteLength).toBe(255 * 1024);
    expect(shared[0]).toBe(7);
    expect(small.byteLength).toBe(1024);
  });
});
