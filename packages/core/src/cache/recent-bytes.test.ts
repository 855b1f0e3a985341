import { describe, expect, it } from "vitest";
import { RecentBytes } from "./recent-bytes.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (view: Uint8Array | null) => (view === null ? null : new TextDecoder().decode(view));

describe("RecentBytes", () => {
  it("reads from any offset it still holds, up to the end of one chunk", () => {
    const recent = new RecentBytes(100);
    recent.push(bytes("hello "));
    recent.push(bytes("world"));
    expect(text(recent.read(0, 100))).toBe("hello ");
    expect(text(recent.read(3, 2))).toBe("lo");
    expect(text(recent.read(6, 100))).toBe("world");
    expect(recent.read(11, 1)).toBeNull();
  });

  it("drops the oldest chunks beyond its limit, keeping at least the last", () => {
    const recent = new RecentBytes(6);
    recent.push(bytes("aaaa"));
    recent.push(bytes("bbbb"));
    recent.push(bytes("cccccccc"));
    expect(recent.read(0, 4)).toBeNull();
    expect(recent.read(4, 4)).toBeNull();
    expect(text(recent.read(8, 3))).toBe("ccc");
    recent.clear();
    expect(recent.read(8, 3)).toBeNull();
  });
});
