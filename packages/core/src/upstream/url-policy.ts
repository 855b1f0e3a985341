import { badRequest } from "../hub/errors.ts";

/**
 * Remote URLs, pure: the operator's allowlist of upstream origins, and how an upstream URL is built from a
 * remote's base URL.
 */

/** One allowlist entry: `https://huggingface.co`, `https://*.example.com`, `http://127.0.0.1:*`. */
export interface OriginPattern {
  protocol: "http:" | "https:";
  /** Lower-case host labels; `*` stands for exactly one label. An IPv6 host is one label (`[::1]`). */
  labels: string[];
  /** A port number as text, `*` for any port, or "" for the scheme's default port. */
  port: string;
}

const PATTERN = /^(https?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9*.-]+)(?::(\d{1,5}|\*))?\/?$/i;
const LABEL = /^(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$/;

export function parseOriginPattern(text: string): OriginPattern {
  const match = PATTERN.exec(text.trim());
  const [, scheme = "", host = "", port = ""] = match ?? [];
  const labels = host.toLowerCase().startsWith("[") ? [host.toLowerCase()] : host.toLowerCase().split(".");
  const valid =
    match !== null &&
    (labels.length === 1 && labels[0]?.startsWith("[") ? true : labels.every((label) => LABEL.test(label))) &&
    (port === "" || port === "*" || Number(port) <= 65535);
  if (!valid) {
    throw new Error(
      `"${text}" is not an origin pattern (scheme://host[:port], "*" for one host label or the port)`,
    );
  }
  const protocol = scheme.toLowerCase() === "https" ? "https:" : "http:";
  const defaultPort = protocol === "https:" ? "443" : "80";
  return { protocol, labels, port: port === defaultPort ? "" : port };
}

/** A comma-separated list of origin patterns; empty entries are ignored. Throws on a malformed entry. */
export function parseOriginAllowlist(text: string): OriginPattern[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map(parseOriginPattern);
}

/** True when the URL's origin (scheme, host, port) matches one of the patterns. */
export function matchesOriginAllowlist(url: string, patterns: readonly OriginPattern[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const labels = parsed.hostname.startsWith("[") ? [parsed.hostname] : parsed.hostname.split(".");
  return patterns.some(
    (pattern) =>
      pattern.protocol === parsed.protocol &&
      (pattern.port === "*" || pattern.port === parsed.port) &&
      pattern.labels.length === labels.length &&
      pattern.labels.every((label, index) => label === "*" || label === labels[index]),
  );
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
