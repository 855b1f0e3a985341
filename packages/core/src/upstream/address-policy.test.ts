import { describe, expect, it } from "vitest";
import { isIpLiteral, isPrivateAddress } from "./address-policy.ts";

describe("isPrivateAddress", () => {
  it("refuses loopback, private, link-local, CGNAT, unspecified and reserved IPv4", () => {
    for (const address of [
      "127.0.0.1",
      "127.255.255.254",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "169.254.0.1",
      "100.64.0.1",
      "100.127.255.255",
      "0.0.0.0",
      "0.1.2.3",
      "224.0.0.1",
      "255.255.255.255",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  it("refuses loopback, unspecified, link-local, unique-local and IPv4-mapped private IPv6", () => {
    for (const address of [
      "::1",
      "::",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "fe80::1",
      "fe80::1%eth0",
      "febf::1",
      "fc00::1",
      "fd12:3456::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:169.254.169.254",
      "::ffff:10.1.2.3",
      "::ffff:0.0.0.0",
      "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::",
      "ff02::1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  it("lets public addresses through", () => {
    for (const address of [
      "8.8.8.8",
      "1.1.1.1",
      "172.32.0.1",
      "172.15.255.255",
      "100.128.0.1",
      "169.255.0.1",
      "192.169.0.1",
      "2606:4700:4700::1111",
      "2a00:1450:4001::200e",
      "::ffff:8.8.8.8",
      "64:ff9b::808:808",
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("refuses anything that is not an address", () => {
    for (const text of ["", "localhost", "example.com", "1.2.3", "1.2.3.256", "::g", "1::2::3", "[::1"]) {
      expect(isPrivateAddress(text), text).toBe(true);
    }
  });

  it("tells IP literals from names", () => {
    expect(isIpLiteral("127.0.0.1")).toBe(true);
    expect(isIpLiteral("[::1]")).toBe(true);
    expect(isIpLiteral("fe80::1%eth0")).toBe(true);
    expect(isIpLiteral("localhost")).toBe(false);
    expect(isIpLiteral("huggingface.co")).toBe(false);
  });
});
