import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  installPeerAddressHeader,
  PEER_ADDRESS_HEADER,
  resolveClientAddress,
  stampedPeerAddress,
  TrustedProxies,
} from "./client-address.ts";
import { parseWebEnv } from "../../lib/env.ts";
import { authConfig } from "./config.ts";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("TrustedProxies", () => {
  it("parses addresses and CIDR ranges, IPv4 and IPv6; empty trusts nothing", () => {
    const proxies = TrustedProxies.parse(" 10.0.0.0/8, 192.0.2.7 ,fd00::/64,, ::1 ");
    expect(proxies.entries).toEqual(["10.0.0.0/8", "192.0.2.7", "fd00::/64", "::1"]);
    expect(proxies.has("10.200.3.4")).toBe(true);
    expect(proxies.has("::ffff:10.200.3.4")).toBe(true);
    expect(proxies.has("192.0.2.7")).toBe(true);
    expect(proxies.has("192.0.2.8")).toBe(false);
    expect(proxies.has("fd00::abcd")).toBe(true);
    expect(proxies.has("fd00:0:0:1::1")).toBe(false);
    expect(proxies.has("::1")).toBe(true);
    expect(proxies.has("not-an-ip")).toBe(false);
    expect(TrustedProxies.parse(undefined).entries).toEqual([]);
    expect(TrustedProxies.parse("").has("127.0.0.1")).toBe(false);
  });

  it("refuses entries that are not addresses or ranges (at start-up)", () => {
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/1", "::/129", "10.0.0.0/x"]) {
      expect(() => TrustedProxies.parse(bad), bad).toThrow(/TRUSTED_PROXIES/);
    }
    expect(() =>
      authConfig(
        parseWebEnv({ DATABASE_URL: "file:./x.db", BETTER_AUTH_SECRET: "s", TRUSTED_PROXIES: "proxy" }),
      ),
    ).toThrow(/TRUSTED_PROXIES: "proxy"/);
    expect(
      authConfig(
        parseWebEnv({ DATABASE_URL: "file:./x.db", BETTER_AUTH_SECRET: "s", TRUSTED_PROXIES: "127.0.0.1" }),
      ).trustedProxies,
    ).toEqual(["127.0.0.1"]);
  });
});

describe("resolveClientAddress", () => {
  const none = new TrustedProxies([]);
  const proxies = new TrustedProxies(["10.0.0.0/8"]);

  it("is the peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("192.0.2.1", xff("203.0.113.9"), none)).toBe("192.0.2.1");
    expect(resolveClientAddress("::ffff:192.0.2.1", new Headers(), none)).toBe("192.0.2.1");
    expect(resolveClientAddress(null, xff("203.0.113.9"), none)).toBeNull();
    expect(resolveClientAddress("garbage", xff("203.0.113.9"), none)).toBeNull();
  });

  it("is the peer when the peer is not a trusted proxy", () => {
    expect(resolveClientAddress("192.0.2.1", xff("10.0.0.1"), proxies)).toBe("192.0.2.1");
  });

  it("walks X-Forwarded-For from the right past trusted hops only", () => {
    expect(resolveClientAddress("10.0.0.1", xff("203.0.113.9, 192.0.2.1"), proxies)).toBe("192.0.2.1");
    expect(resolveClientAddress("10.0.0.1", xff("192.0.2.1, 10.0.0.2, 10.0.0.3"), proxies)).toBe("192.0.2.1");
    // several header lines are one list
    const lines = new Headers();
    lines.append("x-forwarded-for", "203.0.113.9");
    lines.append("x-forwarded-for", "192.0.2.1");
    expect(resolveClientAddress("10.0.0.1", lines, proxies)).toBe("192.0.2.1");
    // only trusted hops: the left-most of them
    expect(resolveClientAddress("10.0.0.1", xff("10.0.0.9"), proxies)).toBe("10.0.0.9");
    // nothing forwarded, or junk: the last hop vouched for
    expect(resolveClientAddress("10.0.0.1", new Headers(), proxies)).toBe("10.0.0.1");
    expect(resolveClientAddress("10.0.0.1", xff("192.0.2.1, unknown"), proxies)).toBe("10.0.0.1");
    expect(resolveClientAddress("10.0.0.1", xff("192.0.2.1, 1.2.3.4:80"), proxies)).toBe("10.0.0.1");
    expect(resolveClientAddress("10.0.0.1", xff("junk, 10.0.0.2"), proxies)).toBe("10.0.0.2");
  });
});

describe("installPeerAddressHeader", () => {
  it("stamps the TCP peer over HTTP, overwriting a value the client sent", async () => {
    installPeerAddressHeader();
    installPeerAddressHeader(); // idempotent
    const server = createServer((request, response) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      response.end(JSON.stringify({ peer: stampedPeerAddress(new Request("http://x/", { headers })) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [PEER_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.66" },
      });
      expect(await response.json()).toEqual({ peer: "127.0.0.1" });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
