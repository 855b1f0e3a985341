import { describe, expect, it } from "vitest";
import { formatAgo, formatMinutes } from "./format-time.ts";

describe("formatAgo", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  const before = (ms: number) => new Date(now - ms);

  it("says how long ago, coarsely", () => {
    expect(formatAgo(before(12_000), now)).toBe("12 s ago");
    expect(formatAgo(before(119_000), now)).toBe("119 s ago");
    expect(formatAgo(before(3 * 60_000), now)).toBe("3 min ago");
    expect(formatAgo(before(3 * 3_600_000), now)).toBe("3 h ago");
    expect(formatAgo(before(5 * 86_400_000), now)).toBe("5 d ago");
  });

  it("reads a clock a little ahead as just now", () => {
    expect(formatAgo(new Date(now + 2_000), now)).toBe("0 s ago");
  });
});

describe("formatMinutes", () => {
  it("says minutes, or hours when they are whole", () => {
    expect(formatMinutes(1)).toBe("minute");
    expect(formatMinutes(5)).toBe("5 minutes");
    expect(formatMinutes(60)).toBe("hour");
    expect(formatMinutes(90)).toBe("90 minutes");
    expect(formatMinutes(24 * 60)).toBe("24 hours");
  });
});
