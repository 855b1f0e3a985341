import { describe, expect, it } from "vitest";
import { HubError } from "../hub/errors.ts";
import { joinUpstreamUrl, matchesOriginAllowlist, parseOriginAllowlist } from "./url-policy.ts";

describe("origin allowlist", () => {
  const list = parseOriginAllowlist(
    " https://huggingface.co, https://*.example.com ,http://127.0.0.1:*, http://[::1]:8080,,",
  );

  it("matches scheme, host and port exactly", () => {
    expect(matchesOriginAllowlist("https://huggingface.co", list)).toBe(true);
    expect(matchesOriginAllowlist("https://huggingface.co/", list)).toBe(true);
    expect(matchesOriginAllowlist("https://HuggingFace.co:443/some/path?q#f", list)).toBe(true);
    expect(matchesOriginAllowlist("http://huggingface.co", list)).toBe(false);
    expect(matchesOriginAllowlist("https://huggingface.co:8443", list)).toBe(false);
    expect(matchesOriginAllowlist("https://huggingface.co.evil.com", list)).toBe(false);
    expect(matchesOriginAllowlist("https://evil.com/?https://huggingface.co", list)).toBe(false);
    expect(matchesOriginAllowlist("https://huggingface.co@evil.com", list)).toBe(false);
    expect(matchesOriginAllowlist("http://[::1]:8080", list)).toBe(true);
    expect(matchesOriginAllowlist("http://[::1]:8081", list)).toBe(false);
    expect(matchesOriginAllowlist("not a url", list)).toBe(false);
  });

  it("reads * as exactly one host label, or any port", () => {
    expect(matchesOriginAllowlist("https://hub.example.com", list)).toBe(true);
    expect(matchesOriginAllowlist("https://example.com", list)).toBe(false);
    expect(matchesOriginAllowlist("https://a.b.example.com", list)).toBe(false);
    expect(matchesOriginAllowlist("http://127.0.0.1:9000", list)).toBe(true);
    expect(matchesOriginAllowlist("http://127.0.0.1", list)).toBe(true);
    expect(matchesOriginAllowlist("http://127.0.0.2:9000", list)).toBe(false);
  });

  it("treats an explicit default port like none", () => {
    const [pattern] = parseOriginAllowlist("https://hub.internal:443");
    expect(pattern?.port).toBe("");
    expect(
      matchesOriginAllowlist("https://hub.internal", parseOriginAllowlist("https://hub.internal:443")),
    ).toBe(true);
  });

  it("refuses entries that are not origins", () => {
    for (const entry of [
      "huggingface.co",
      "ftp://huggingface.co",
      "https://huggingface.co/path",
      "https://huggingface.co?x",
      "https://hugging*.co",
      "https://huggingface.co:99999",
      "https://user@huggingface.co",
    ]) {
      expect(() => parseOriginAllowlist(entry), entry).toThrow(/origin pattern/);
    }
    expect(parseOriginAllowlist("")).toEqual([]);
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
      expect(() => joinUpstreamUrl("http://hub/base", path), path).toThrow(HubError);
    }
  });
});
