import { badRequest } from "../hub/errors.ts";

/**
 * Remote URLs, pure (no I/O): the operator's allowlist of upstream origins — shared by the services, the
 * web app's configuration and the content server — and how an upstream URL is built from a remote's base.
 *
 * An allowlist entry is an origin: `scheme://host[:port]`, scheme `http` or `https`.
 * - A host label may be `*`, standing for exactly one label: `https://*.example.com` matches
 *   `https://a.example.com`, not `https://example.com` nor `https://a.b.example.com`.
 * - The port may be `*` (any port, the default one included); without a port, the scheme's default port
 *   (80 / 443) is meant: `https://huggingface.co` matches `https://huggingface.co:443/…`, not `:8443`.
 * - Scheme and host are compared case-insensitively (hosts as the URL parser normalises them: IDN
 *   hosts as punycode, `http://2130706433` as `127.0.0.1`).
 */

export const DEFAULT_REMOTE_URL_ALLOWLIST: readonly string[] = ["https://huggingface.co"];

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };
const ENTRY = /^(https?):\/\/([^/?#@\s:[\]]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}|\*))?\/?$/i;

interface OriginPattern {
  protocol: string;
  /** Lower-case labels; `*` matches one label. A bracketed IPv6 host is a single label. */
  labels: string[];
  /** A port number as text, or `*`. */
  port: string;
}

/** An allowlist entry as a pattern, or null when it is not one. */
function parseEntry(entry: string): OriginPattern | null {
  const match = ENTRY.exec(entry.trim());
  if (!match) return null;
  const [, scheme = "", rawHost = "", rawPort] = match;
  const protocol = `${scheme.toLowerCase()}:`;
  let labels: string[];
  if (rawHost.startsWith("[")) {
    const host = safeUrl(`${protocol}//${rawHost}`)?.hostname;
    if (!host) return null;
    labels = [host];
  } else {
    const parts = rawHost.toLowerCase().split(".");
    if (parts.some((label) => label === "" || (label.includes("*") && label !== "*"))) return null;
    // Non-wildcard labels are normalised by the URL parser, as the URLs they are compared with are.
    const placeholder = parts.map((label, i) => (label === "*" ? `wildcard${i}` : label)).join(".");
    const host = safeUrl(`${protocol}//${placeholder}`)?.hostname;
    if (!host) return null;
    labels = host.split(".");
    if (parts.includes("*")) {
      // The parser may not reshape a host with wildcards (as it does "127.1" → "127.0.0.1").
      if (labels.length !== parts.length) return null;
      labels = labels.map((label, i) => (parts[i] === "*" ? "*" : label));
    }
  }
  const port = rawPort ?? DEFAULT_PORTS[protocol] ?? "";
  if (port !== "*" && Number(port) > 65_535) return null;
  return { protocol, labels, port: port === "*" ? "*" : String(Number(port)) };
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * The allowlist from its environment variable (comma-separated origins); unset or blank gives the
 * default, `https://huggingface.co`. Throws on an entry that is not an origin pattern, so that a typo
 * stops the start-up instead of silently allowing less (or more) than meant.
 */
export function parseRemoteUrlAllowlist(value: string | undefined): string[] {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return [...DEFAULT_REMOTE_URL_ALLOWLIST];
  const bad = entries.filter((entry) => parseEntry(entry) === null);
  if (bad.length > 0) {
    throw new Error(
      `REMOTE_URL_ALLOWLIST: not an origin pattern (scheme://host[:port], '*' for a host label or the port): ${bad.join(", ")}`,
    );
  }
  return entries;
}

/**
 * Whether `url` lies within one of the allowlist's origins. Only the origin is compared (a path or a
 * query does not matter); a URL that does not parse, is not http(s) or carries a user name or password is
 * never allowed. Invalid allowlist entries match nothing.
 */
export function isAllowedRemoteUrl(url: string | URL, allowlist: readonly string[]): boolean {
  const parsed = typeof url === "string" ? safeUrl(url) : url;
  if (!parsed || !(parsed.protocol in DEFAULT_PORTS)) return false;
  if (parsed.username !== "" || parsed.password !== "") return false;
  const port = parsed.port || (DEFAULT_PORTS[parsed.protocol] ?? "");
  const labels = parsed.hostname.startsWith("[") ? [parsed.hostname] : parsed.hostname.split(".");
  return allowlist.some((entry) => {
    const pattern = parseEntry(entry);
    if (!pattern || pattern.protocol !== parsed.protocol) return false;
    if (pattern.port !== "*" && pattern.port !== port) return false;
    if (pattern.labels.length !== labels.length) return false;
    return pattern.labels.every((label, i) => (label === "*" ? labels[i] !== "" : label === labels[i]));
  });
}

/**
 * The upstream URL of a raw path below a remote's base URL. The base keeps its own path (a Hub may live
 * below one) but never its query or fragment, so nothing in the base can pin or cut the path. Each raw
 * segment is decoded once and re-encoded as one path segment: a `?`, `#` or `/` in it stays data, and a
 * dot segment (`..`, `%2e%2e`) is refused rather than resolved.
 */
export function joinUpstreamUrl(base: string, rawPath: string, search = ""): string {
  const url = new URL(base);
  url.search = "";
  url.hash = "";
  const segments = rawPath === "" ? [] : rawPath.split("/");
  const encoded = segments.map((raw, index) => {
    if (raw === "" && index !== segments.length - 1) throw badRequest("Empty segment in upstream path");
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw badRequest("Invalid percent-encoding in upstream path");
    }
    if (decoded === "." || decoded === "..") throw badRequest("Dot segment in upstream path");
    return encodeURIComponent(decoded);
  });
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${encoded.join("/")}`;
  url.search = search;
  return url.toString();
}

/** The remotes the operator vouches for: origins in `REMOTE_URL_ALLOWLIST`, and the one of `HUB_URL`. */
export interface RemoteTrust {
  allowlist: readonly string[];
  /** The operator's `HUB_URL` (the bootstrapped remote's); absent: only the allowlist is trusted. */
  hubUrl?: string;
}

/**
 * A trusted remote may reach private addresses (an in-house mirror, the test Hub on 127.0.0.1); any other
 * remote's connections to them are refused (see connector.ts).
 */
export function isTrustedRemote(url: string, trust: RemoteTrust): boolean {
  if (isAllowedRemoteUrl(url, trust.allowlist)) return true;
  if (trust.hubUrl === undefined) return false;
  const origin = safeUrl(url)?.origin;
  return origin !== undefined && origin === safeUrl(trust.hubUrl)?.origin;
}
