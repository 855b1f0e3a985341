import { describe, expect, test } from "bun:test";
import { clusterAuthHeaders, clusterAuthorized } from "../src/cluster-auth.ts";

const SECRET = "a".repeat(16) + "b".repeat(16) + "-cluster";
const withAuthorization = (value?: string) =>
  new Request("http://replica.internal/internal", {
    headers: value === undefined ? {} : { authorization: value },
  });

describe("replica-to-replica authorization", () => {
  test("the headers it makes are the ones it accepts", () => {
    const request = new Request("http://replica.internal/internal", { headers: clusterAuthHeaders(SECRET) });
    expect(clusterAuthorized(request, SECRET)).toBe(true);
    expect(clusterAuthorized(withAuthorization(`bearer ${SECRET}`), SECRET)).toBe(true);
  });

  test("anything else is refused: no header, another secret, a prefix, a longer one, another scheme", () => {
    for (const value of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      `Bearer ${SECRET.slice(0, -1)}`,
      `Bearer ${SECRET}x`,
      `Bearer ${SECRET.toUpperCase()}`,
      `Basic ${SECRET}`,
      SECRET,
      `Bearer ${SECRET} extra`,
    ]) {
      expect(clusterAuthorized(withAuthorization(value), SECRET), String(value)).toBe(false);
    }
  });

  test("without a configured secret nothing is authorized, not even an empty bearer", () => {
    expect(clusterAuthorized(withAuthorization("Bearer "), null)).toBe(false);
    expect(clusterAuthorized(withAuthorization(`Bearer ${SECRET}`), null)).toBe(false);
    expect(clusterAuthorized(withAuthorization("Bearer x"), "")).toBe(false);
  });
});
