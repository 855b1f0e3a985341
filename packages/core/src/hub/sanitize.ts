/** Keeps clients on plain HTTP through the proxy: Xet hints are removed, upstream URLs point back at us. */

const XET_LINK_RELS = new Set(["xet-auth", "xet-reconstruction-info"]);
const XET_JSON_KEYS = new Set(["xetHash", "xetEnabled"]);
export const XET_FILEINFO_CONTENT_TYPE = "application/vnd.xet-fileinfo+json";

/** Upstream headers a client may see, besides the ones computed by the proxy itself. */
const PASSED_HEADERS = [
  "content-type",
  "x-repo-commit",
  "etag",
  "x-linked-etag",
  "x-linked-size",
  "x-error-code",
  "x-error-message",
  "retry-after",
  "last-modified",
  // listCommits / countCommits read the history's length from it.
  "x-total-count",
];

/**
 * Rewrites an upstream URL so a client following it stays on the proxy: an absolute URL on the upstream's
 * origin, or a path-relative one, is moved under `publicBase` (the distribution's base URL). Other hosts
 * (a CDN) are returned as is.
 */
export function rewriteUpstreamUrl(url: string, upstreamBase: string, publicBase: string): string {
  const upstream = new URL(upstreamBase);
  const target = new URL(url, upstream);
  if (target.origin !== upstream.origin) return url;
  const upstreamPrefix = upstream.pathname.replace(/\/$/, "");
  const path = target.pathname.startsWith(upstreamPrefix)
    ? target.pathname.slice(upstreamPrefix.length)
    : target.pathname;
  return `${publicBase.replace(/\/$/, "")}${path}${target.search}`;
}

/** Drops the Xet rels from a `Link` header and rewrites the others under `publicBase`. */
export function rewriteLinkHeader(link: string, upstreamBase: string, publicBase: string): string | null {
  const entries: string[] = [];
  for (const match of link.matchAll(/<([^>]*)>([^,]*)/g)) {
    const [, url = "", params = ""] = match;
    const rel = /rel="?([^";]+)"?/.exec(params)?.[1];
    if (rel && XET_LINK_RELS.has(rel)) continue;
    entries.push(`<${rewriteUpstreamUrl(url, upstreamBase, publicBase)}>${params}`);
  }
  return entries.length > 0 ? entries.join(", ") : null;
}

/** Removes Xet fields (`xetHash`, `xetEnabled`) from any JSON value, at any depth. */
export function stripXetFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripXetFields);
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (!XET_JSON_KEYS.has(key)) result[key] = stripXetFields(child);
    }
    return result;
  }
  return value;
}

/**
 * The upstream headers worth replaying to a client: a fixed allow-list (no hop-by-hop, no cookies, no
 * `X-Xet-*`), with `Link` rewritten.
 */
export function clientHeadersFromUpstream(
  upstream: Headers,
  upstreamBase: string,
  publicBase: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = upstream.get(name);
    if (value !== null) headers[name] = value;
  }
  if (headers["content-type"]?.startsWith(XET_FILEINFO_CONTENT_TYPE)) delete headers["content-type"];
  const location = upstream.get("location");
  if (location !== null) headers["location"] = rewriteUpstreamUrl(location, upstreamBase, publicBase);
  const link = upstream.get("link");
  const rewritten = link === null ? null : rewriteLinkHeader(link, upstreamBase, publicBase);
  if (rewritten) headers["link"] = rewritten;
  return headers;
}
