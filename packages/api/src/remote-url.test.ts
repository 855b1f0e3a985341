import { describe, expect, it } from "vitest";
import {
  DEFAULT_REMOTE_URL_ALLOWLIST,
  isAllowedRemoteUrl,
  normalizeRemoteUrl,
  parseRemoteUrlAllowlist,
  remoteUrlOrigin,
  remoteUrlProblem,
} from "./remote-url.ts";

describe("isAllowedRemoteUrl", () => {
  const cases: Array<[entry: string, url: string, allowed: boolean]> = [
    // Exact origins, default ports.
    ["https://huggingface.co", "https://huggingface.co", true],
    ["https://huggingface.co", "https://huggingface.co/", true],
    ["https://huggingface.co", "https://huggingface.co:443/api/models", true],
    ["https://huggingface.co", "https://huggingface.co:8443", false],
    ["https://huggingface.co", "http://huggingface.co", false],
    ["https://huggingface.co", "https://huggingface.co.evil.test", false],
    ["https://huggingface.co", "https://evil.huggingface.co", false],
    ["https://huggingface.co", "https://huggingface.com", false],
    ["https://huggingface.co:443", "https://huggingface.co", true],
    ["http://hub.internal", "http://hub.internal:80/x", true],
    ["http://hub.internal:8080", "http://hub.internal:8080", true],
    ["http://hub.internal:8080", "http://hub.internal", false],
    ["http://hub.internal:8080/", "http://hub.internal:8080", true],
    // Case.
    ["HTTPS://HuggingFace.CO", "https://huggingface.co", true],
    ["https://huggingface.co", "HTTPS://HUGGINGFACE.CO/Org/Model", true],
    // A host label wildcard: exactly one label.
    ["https://*.example.com", "https://a.example.com", true],
    ["https://*.example.com", "https://A.Example.com:443", true],
    ["https://*.example.com", "https://example.com", false],
    ["https://*.example.com", "https://a.b.example.com", false],
    ["https://*.example.com", "https://a.example.com.evil.test", false],
    ["https://*.example.com", "https://a.example.com:8443", false],
    ["https://*.example.com", "http://a.example.com", false],
    ["https://hub.*.example.com", "https://hub.eu.example.com", true],
    // A port wildcard.
    ["http://127.0.0.1:*", "http://127.0.0.1:9000", true],
    ["http://127.0.0.1:*", "http://127.0.0.1", true],
    ["http://127.0.0.1:*", "http://127.1:9000", true],
    ["http://127.0.0.1:*", "http://2130706433:9000", true],
    ["http://127.0.0.1:*", "https://127.0.0.1:9000", false],
    ["http://127.0.0.1:*", "http://127.0.0.2:9000", false],
    ["http://127.0.0.1:*", "http://localhost:9000", false],
    ["http://[::1]:*", "http://[::1]:9000", true],
    ["http://[::1]:*", "http://[::2]:9000", false],
    // Never: other schemes, user info, nonsense.
    ["https://huggingface.co", "ftp://huggingface.co", false],
    ["https://huggingface.co", "https://user:pw@huggingface.co", false],
    ["https://huggingface.co", "not a url", false],
    // Invalid entries match nothing.
    ["huggingface.co", "https://huggingface.co", false],
    ["https://huggingface.co/api", "https://huggingface.co", false],
    ["https://hug*.co", "https://huggingface.co", false],
    ["*", "https://huggingface.co", false],
  ];
  it.each(cases)("%s admits %s: %s", (entry, url, allowed) => {
    expect(isAllowedRemoteUrl(url, [entry])).toBe(allowed);
  });

  it("admits a URL matching any entry; an empty list admits nothing", () => {
    const list = ["https://huggingface.co", "http://127.0.0.1:*"];
    expect(isAllowedRemoteUrl("http://127.0.0.1:39001", list)).toBe(true);
    expect(isAllowedRemoteUrl(new URL("https://huggingface.co/gpt2"), list)).toBe(true);
    expect(isAllowedRemoteUrl("http://10.0.0.1", list)).toBe(false);
    expect(isAllowedRemoteUrl("https://huggingface.co", [])).toBe(false);
  });
});

describe("parseRemoteUrlAllowlist", () => {
  it("defaults to https://huggingface.co when unset or blank", () => {
    expect(DEFAULT_REMOTE_URL_ALLOWLIST).toEqual(["https://huggingface.co"]);
    expect(parseRemoteUrlAllowlist(undefined)).toEqual(["https://huggingface.co"]);
    expect(parseRemoteUrlAllowlist(" , ")).toEqual(["https://huggingface.co"]);
  });

  it("splits on commas and trims", () => {
    expect(parseRemoteUrlAllowlist(" https://huggingface.co , http://127.0.0.1:* ,")).toEqual([
      "https://huggingface.co",
      "http://127.0.0.1:*",
    ]);
  });

  it("refuses entries that are not origin patterns, naming them", () => {
    for (const bad of [
      "huggingface.co",
      "ftp://x.test",
      "https://x.test/path",
      "https://u@x.test",
      "https://x.test?q",
      "https://x*.test",
      "https://x.test:99999",
      "https://x.test:*0",
    ]) {
      expect(() => parseRemoteUrlAllowlist(`https://huggingface.co,${bad}`), bad).toThrow(bad);
    }
  });
});

describe("remote URL rules", () => {
  it("accepts http(s) URLs, with a path", () => {
    for (const url of ["https://huggingface.co", "http://127.0.0.1:9000/", "https://hub.test/mirror/"]) {
      expect(remoteUrlProblem(url), url).toBeNull();
    }
  });

  it("refuses other schemes, user info, queries and fragments with a message each", () => {
    expect(remoteUrlProblem("not a url")).toMatch(/Enter a URL/);
    expect(remoteUrlProblem("huggingface.co")).toMatch(/Enter a URL/);
    expect(remoteUrlProblem("https:/huggingface.co")).toMatch(/Enter a URL/);
    expect(remoteUrlProblem("ftp://huggingface.co")).toMatch(/Only http and https/);
    expect(remoteUrlProblem("file:///etc/passwd")).toMatch(/Only http and https/);
    expect(remoteUrlProblem("https://user:pw@huggingface.co")).toMatch(/user name and password/);
    expect(remoteUrlProblem("https://@huggingface.co")).toMatch(/user name and password/);
    expect(remoteUrlProblem("https://evil.test\\@huggingface.co")).toMatch(/user name and password/);
    expect(remoteUrlProblem("https://huggingface.co/?x=1")).toMatch(/query/);
    expect(remoteUrlProblem("https://huggingface.co?")).toMatch(/query/);
    expect(remoteUrlProblem("https://huggingface.co/#top")).toMatch(/fragment/);
  });

  it("normalises case, default ports and trailing slashes", () => {
    expect(normalizeRemoteUrl("HTTPS://HuggingFace.co:443//")).toBe("https://huggingface.co");
    expect(normalizeRemoteUrl("http://127.0.0.1:9000/mirror/")).toBe("http://127.0.0.1:9000/mirror");
  });

  it("tells origins apart", () => {
    expect(remoteUrlOrigin("https://huggingface.co/mirror")).toBe("https://huggingface.co");
    expect(remoteUrlOrigin("http://127.0.0.1:9000")).toBe("http://127.0.0.1:9000");
  });
});
