import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { describe, expect, it } from "vitest";
import config from "../next.config.ts";

async function headersFor(phase: string): Promise<Record<string, string>> {
  const rules = (await config(phase).headers?.()) ?? [];
  expect(rules.map((r) => r.source)).toEqual(["/:path*"]);
  return Object.fromEntries((rules[0]?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
}

describe("security headers on every response", () => {
  it("forbid framing and sniffing, limit referrers and where content may come from", async () => {
    const headers = await headersFor(PHASE_PRODUCTION_SERVER);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("allow eval only under next dev (fast refresh)", async () => {
    expect((await headersFor(PHASE_DEVELOPMENT_SERVER))["content-security-policy"]).toContain(
      "'unsafe-eval'",
    );
  });
});
