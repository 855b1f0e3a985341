import { describe, expect, it } from "vitest";
import {
  clientHeadersFromUpstream,
  rewriteLinkHeader,
  rewriteUpstreamUrl,
  stripXetFields,
} from "./sanitize.ts";

const upstream = "https://huggingface.co";
const base = "http://cache.internal/pulp/content/team-a";

describe("URL rewriting", () => {
  it("moves upstream URLs (absolute or relative) under the distribution base", () => {
    expect(rewriteUpstreamUrl("https://huggingface.co/api/models/x/tree/abc?cursor=2", upstream, base)).toBe(
      `${base}/api/models/x/tree/abc?cursor=2`,
    );
    expect(rewriteUpstreamUrl("/api/resolve-cache/models/x/abc/f", upstream, base)).toBe(
      `${base}/api/resolve-cache/models/x/abc/f`,
    );
  });

  it("leaves other hosts alone", () => {
    expect(rewriteUpstreamUrl("https://cdn-lfs.hf.co/x?sig=1", upstream, base)).toBe(
      "https://cdn-lfs.hf.co/x?sig=1",
    );
  });

  it("strips the upstream's own path prefix", () => {
    expect(rewriteUpstreamUrl("http://mirror/hf/api/models", "http://mirror/hf", base)).toBe(
      `${base}/api/models`,
    );
  });

  it("drops Xet rels from Link and keeps the others", () => {
    const link =
      '<https://huggingface.co/api/models/x/xet-read-token/abc>; rel="xet-auth", ' +
      '<https://cas.xethub.hf.co/reconstruction/h>; rel="xet-reconstruction-info", ' +
      '<https://huggingface.co/api/models/x/tree/abc?cursor=Z>; rel="next"';
    expect(rewriteLinkHeader(link, upstream, base)).toBe(
      `<${base}/api/models/x/tree/abc?cursor=Z>; rel="next"`,
    );
    expect(rewriteLinkHeader('<https://huggingface.co/a>; rel="xet-auth"', upstream, base)).toBeNull();
  });
});

describe("stripXetFields", () => {
  it("removes xetHash and xetEnabled at any depth", () => {
    const input = {
      xetEnabled: true,
      siblings: [{ rfilename: "a", xetHash: "h" }],
      nested: { lfs: { oid: "o", xetHash: "h" } },
    };
    expect(stripXetFields(input)).toEqual({ siblings: [{ rfilename: "a" }], nested: { lfs: { oid: "o" } } });
  });
});

describe("clientHeadersFromUpstream", () => {
  it("rewrites a Location on the upstream under the distribution", () => {
    const headers = new Headers({ location: "/api/models/new-org/model" });
    expect(clientHeadersFromUpstream(headers, upstream, base)).toEqual({
      location: `${base}/api/models/new-org/model`,
    });
  });

  it("passes identity headers, drops hop-by-hop, cookies and Xet headers", () => {
    const headers = new Headers({
      "x-repo-commit": "a".repeat(40),
      etag: '"abc"',
      "x-linked-etag": '"def"',
      "x-linked-size": "12",
      "set-cookie": "s=1",
      connection: "keep-alive",
      "x-xet-hash": "h",
      "content-type": "application/vnd.xet-fileinfo+json",
    });
    expect(clientHeadersFromUpstream(headers, upstream, base)).toEqual({
      "x-repo-commit": "a".repeat(40),
      etag: '"abc"',
      "x-linked-etag": '"def"',
      "x-linked-size": "12",
    });
  });
});
