import { describe, expect, it } from "vitest";
import { parseRange } from "./range.ts";

describe("parseRange", () => {
  const size = 1000;

  it("serves the whole file without a Range header", () => {
    expect(parseRange(null, size)).toEqual({ kind: "whole" });
  });

  it("parses closed, open and suffix ranges", () => {
    expect(parseRange("bytes=0-0", size)).toEqual({ kind: "partial", range: { start: 0, end: 0 } });
    expect(parseRange("bytes=10-19", size)).toEqual({ kind: "partial", range: { start: 10, end: 19 } });
    expect(parseRange("bytes=990-", size)).toEqual({ kind: "partial", range: { start: 990, end: 999 } });
    expect(parseRange("bytes=-10", size)).toEqual({ kind: "partial", range: { start: 990, end: 999 } });
  });

  it("clamps an end past the file and a suffix longer than the file", () => {
    expect(parseRange("bytes=900-5000", size)).toEqual({ kind: "partial", range: { start: 900, end: 999 } });
    expect(parseRange("bytes=-5000", size)).toEqual({ kind: "partial", range: { start: 0, end: 999 } });
  });

  it("reports ranges that start past the end as unsatisfiable", () => {
    expect(parseRange("bytes=1000-", size)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", size)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-0", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores malformed and multi-part ranges (whole file, as RFC 9110 allows)", () => {
    for (const header of ["bytes=", "bytes=a-b", "items=0-1", "bytes=0-1,5-6", "bytes=5-2"]) {
      expect(parseRange(header, size)).toEqual({ kind: "whole" });
    }
  });
});
