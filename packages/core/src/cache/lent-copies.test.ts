import { describe, expect, it } from "vitest";
import { LENT_COPY_BYTES, lentCopyOf, returnCopy } from "./lent-copies.ts";

const filled = (size: number, value: number) => new Uint8Array(size).fill(value);

describe("lent copies", () => {
  it("are copies: the source can change or go without changing them", () => {
    const source = Buffer.alloc(128 * 1024, 7);
    const copy = lentCopyOf(source);
    source.fill(9);
    expect(copy.length).toBe(128 * 1024);
    expect(copy.every((byte) => byte === 7)).toBe(true);
    returnCopy(copy);
  });

  it("reuse a buffer handed back, and only one handed back", () => {
    const first = lentCopyOf(filled(100 * 1024, 1));
    const second = lentCopyOf(filled(200 * 1024, 2));
    expect(second.buffer).not.toBe(first.buffer);
    returnCopy(first);
    const third = lentCopyOf(filled(LENT_COPY_BYTES, 3));
    expect(third.buffer).toBe(first.buffer);
    expect(third.every((byte) => byte === 3)).toBe(true);
    // `second` is still out: its bytes are untouched.
    expect(second.every((byte) => byte === 2)).toBe(true);
    returnCopy(second);
    returnCopy(third);
  });

  it("take a copy handed back twice only once", () => {
    const copy = lentCopyOf(filled(100 * 1024, 4));
    returnCopy(copy);
    returnCopy(copy);
    const next = lentCopyOf(filled(100 * 1024, 5));
    const after = lentCopyOf(filled(100 * 1024, 6));
    expect(next.buffer).toBe(copy.buffer);
    expect(after.buffer).not.toBe(copy.buffer);
    expect(next.every((byte) => byte === 5)).toBe(true);
    returnCopy(next);
    returnCopy(after);
  });

  it("ignore chunks that were not lent, and lend neither small nor oversized copies", () => {
    const stranger = filled(100 * 1024, 8);
    returnCopy(stranger);
    const small = lentCopyOf(filled(1024, 1));
    const large = lentCopyOf(filled(LENT_COPY_BYTES + 1, 1));
    expect(small.buffer.byteLength).toBe(1024);
    expect(large.buffer.byteLength).toBe(LENT_COPY_BYTES + 1);
    returnCopy(small);
    returnCopy(large);
    const next = lentCopyOf(filled(100 * 1024, 2));
    for (const other of [stranger, small, large]) expect(next.buffer).not.toBe(other.buffer);
    expect(stranger.every((byte) => byte === 8)).toBe(true);
    returnCopy(next);
  });

  it("free a buffer handed back when enough are kept for the next copies", () => {
    const canTransfer = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === "function";
    const copies = Array.from({ length: 12 }, (_, i) => lentCopyOf(filled(100 * 1024, i)));
    for (const copy of copies) returnCopy(copy);
    // Taking 12 emptied the buffers kept: the first 8 handed back are kept again, the last 4 freed.
    const last = copies[copies.length - 1]!;
    expect(last.buffer.byteLength).toBe(canTransfer ? 0 : LENT_COPY_BYTES);
    expect(copies[0]!.buffer.byteLength).toBe(LENT_COPY_BYTES);
    for (let i = 0; i < 12; i++) returnCopy(lentCopyOf(filled(100 * 1024, i)));
  });
});
