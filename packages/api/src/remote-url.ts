/**
 * Which upstream URLs a remote may point at. Pure functions (no I/O), shared by the services, the web
 * app's configuration and the content server (`@hubcache/api/remote-url`).
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

/** What is wrong with a remote URL, as a message for its field, or null when it is acceptable. */
export function remoteUrlProblem(text: string): string | null {
  const url = safeUrl(text);
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return "Enter a URL such as https://huggingface.co.";
  if (!(url.protocol in DEFAULT_PORTS)) return "Only http and https URLs are supported.";
  // Checked on the text too: the parser drops an empty user info ("https://@host"), query or fragment.
  const authority = text.slice(text.indexOf("//") + 2).split(/[/?#]/, 1)[0] ?? "";
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    return "Leave the user name and password out of the URL (use the HF token for credentials).";
  }
  if (text.includes("?")) return "Remove the query (?…) from the URL.";
  if (text.includes("#")) return "Remove the fragment (#…) from the URL.";
  return null;
}

/** A remote URL as stored: scheme and host lower-case, no default port, no trailing slash. */
export function normalizeRemoteUrl(text: string): string {
  const url = new URL(text);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/** The origin of a remote URL (`https://host[:port]`), to tell whether a change moves it to another host. */
export function remoteUrlOrigin(text: string): string {
  return safeUrl(text)?.origin ?? text;
}
