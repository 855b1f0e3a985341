/**
 * The rules for a remote's URL field. The operator's allowlist of origins lives with the upstream
 * client in `@hubcache/core`, which the content server uses too; it is re-exported here for the web app.
 */
export {
  DEFAULT_REMOTE_URL_ALLOWLIST,
  isAllowedRemoteUrl,
  parseRemoteUrlAllowlist,
} from "@hubcache/core/url-policy";

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

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
