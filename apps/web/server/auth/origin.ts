const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF guard for requests that a browser may send with ambient credentials (cookies, cached Basic auth):
 * false when an unsafe method comes from a page of another origin. A browser always names the origin of
 * such a request (`Origin`, else `Referer`, else `Sec-Fetch-Site`); a request with none of them is not
 * from a browser page and is allowed. `trusted` holds origins (`scheme://host[:port]`).
 */
export function isAllowedOrigin(
  request: Pick<Request, "method" | "headers">,
  trusted: readonly string[],
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin !== "null" && trusted.includes(origin);
  const referer = request.headers.get("referer");
  if (referer) {
    const refererOrigin = originOf(referer);
    return refererOrigin !== null && trusted.includes(refererOrigin);
  }
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
