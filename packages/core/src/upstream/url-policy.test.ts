import { describe, expect, it } from "vitest";
import {
  DEFAULT_REMOTE_URL_ALLOWLIST,
  isAllowedRemoteUrl,
  isTrustedRemote,
  joinUpstreamUrl,
  parseRemoteUrlAllowlist,
} from "./url-policy.ts";
import { AppError } from "../errors.ts";

describe("isAllowedRemoteUrl", () => {
  const cases: Array<[entry: string, url: string, allowed: boolean]> = [
    // Exact origins, default ports.
    ["https://huggingface.co", "https://huggingface.co", true],
    ["https://huggingface.co", "https://huggingface.co/", true],
    ["https://huggingface.co", "https://huggingface.co:443/api/models", true],
    ["https://huggingface.co", "https://huggingface.co:8443", false],
    ["https://huggingface.co", "http://huggingface.co", false],
    ["https://huggingface.co", "https://huggingface.co.evil.test", false],
    ["https://huggingface.co", "https://evil.test/?https://huggingface.co", false],
    ["https://huggingface.co", "https://huggingface.co@evil.test", false],
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

describe("joinUpstreamUrl", () => {
  it("joins segments below the base path", () => {
    expect(joinUpstreamUrl("https://hub", "api/models/gpt2")).toBe("https://hub/api/models/gpt2");
    expect(joinUpstreamUrl("https://hub/mirror/", "api/models/gpt2", "?blobs=true")).toBe(
      "https://hub/mirror/api/models/gpt2?blobs=true",
    );
    expect(joinUpstreamUrl("https://hub", "org/m/resolve/refs%2Fpr%2F1/a%20b.txt")).toBe(
      "https://hub/org/m/resolve/refs%2Fpr%2F1/a%20b.txt",
    );
  });

  it("ignores the base's query and fragment: they cannot pin or cut the path", () => {
    expect(joinUpstreamUrl("http://hub/x?", "api/models/gpt2")).toBe("http://hub/x/api/models/gpt2");
    expect(joinUpstreamUrl("http://hub?pin=/other", "api/models/gpt2")).toBe("http://hub/api/models/gpt2");
    expect(joinUpstreamUrl("http://hub/#", "api/models/gpt2", "?a=1")).toBe("http://hub/api/models/gpt2?a=1");
  });

  it("keeps ?, # and / inside a segment as data", () => {
    expect(joinUpstreamUrl("http://hub", "api/a%3Fb/c%23d/e%2Ff")).toBe("http://hub/api/a%3Fb/c%23d/e%2Ff");
    expect(joinUpstreamUrl("http://hub", "api/a?b")).toBe("http://hub/api/a%3Fb");
    expect(joinUpstreamUrl("http://hub", "api/x", "?q=#frag")).toBe("http://hub/api/x?q=%23frag");
  });

  it("refuses dot segments and empty segments instead of resolving them", () => {
    for (const path of ["api/../admin", "api/%2e%2e/admin", "api/.%2E/x", "api/./x", "api//x", "api/%zz"]) {
      expect(() => joinUpstreamUrl("http://hub/base", path), path).toThrow(AppError);
    }
  });
});

describe("isTrustedRemote", () => {
  const trust = { allowlist: ["https://huggingface.co"], hubUrl: "http://10.0.0.5:8000/mirror" };

  it("trusts the allowlist and the origin of the operator's HUB_URL, nothing else", () => {
    expect(isTrustedRemote("https://huggingface.co", trust)).toBe(true);
    expect(isTrustedRemote("http://10.0.0.5:8000", trust)).toBe(true);
    expect(isTrustedRemote("http://10.0.0.5:8000/other/path", trust)).toBe(true);
    expect(isTrustedRemote("http://10.0.0.5:8001", trust)).toBe(false);
    expect(isTrustedRemote("https://10.0.0.5:8000", trust)).toBe(false);
    expect(isTrustedRemote("http://127.0.0.1", trust)).toBe(false);
  });

  it("without a HUB_URL, or for what is not a URL, trusts the allowlist only", () => {
    expect(isTrustedRemote("http://10.0.0.5:8000", { allowlist: trust.allowlist })).toBe(false);
    expect(isTrustedRemote("not a url", { allowlist: [], hubUrl: "not a url" })).toBe(false);
  });
});
