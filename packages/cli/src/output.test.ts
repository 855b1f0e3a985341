import { describe, expect, it } from "vitest";
import { ago, table } from "./output.ts";

describe("ago", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  const before = (ms: number) => new Date(now - ms).toISOString();
  it("says how long ago, coarsely, and - for never", () => {
    expect(ago(before(4_000), now)).toBe("4s ago");
    expect(ago(before(3 * 60_000), now)).toBe("3m ago");
    expect(ago(before(3 * 3_600_000), now)).toBe("3h ago");
    expect(ago(before(5 * 86_400_000), now)).toBe("5d ago");
    expect(ago(new Date(now + 2_000).toISOString(), now)).toBe("0s ago"); // a clock a little ahead
    expect(ago(null, now)).toBe("-");
  });

  it("fills the status table's heartbeat column", () => {
    const text = table(
      ["CONTENT SERVER", "LAST HEARTBEAT"],
      [["http://replica-a:8080", ago(before(7_000), now)]],
    );
    expect(text.split("\n")[1]).toMatch(/^http:\/\/replica-a:8080\s+7s ago$/);
  });
});
