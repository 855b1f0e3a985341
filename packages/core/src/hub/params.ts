/**
 * Query and form parameters as the clients spell them. huggingface_hub 0.x (requests) writes Python
 * booleans as `True`/`False`, 1.x (httpx) and hub.js as `true`/`false`, and `list_repo_refs` sends
 * `include_prs=1`: the Hub takes them all, and so must we.
 */

/**
 * Parameters whose value is a boolean, whichever spelling the client used: the ones the route table marks
 * `boolean` (a test holds the two together).
 */
export const BOOLEAN_PARAMS: ReadonlySet<string> = new Set([
  "recursive",
  "expand",
  "blobs",
  "securityStatus",
  "include_prs",
  "full",
  "cardData",
  "config",
  "gated",
  "noContentDisposition",
]);

const TRUE_SPELLINGS = new Set(["true", "1", "yes"]);
const FALSE_SPELLINGS = new Set(["false", "0", "no"]);

/** `true`, `True`, `1`, `yes` (any case). Anything else, or nothing, is false. */
export function isTruthy(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && TRUE_SPELLINGS.has(value.toLowerCase());
}

/** A boolean's spelling brought to `true`/`false`; other values (`expand=siblings`) are left alone. */
function canonicalValue(name: string, value: string): string {
  if (!BOOLEAN_PARAMS.has(name)) return value;
  const lower = value.toLowerCase();
  if (TRUE_SPELLINGS.has(lower)) return "true";
  if (FALSE_SPELLINGS.has(lower)) return "false";
  return value;
}

/**
 * Canonical query string (`?a=1&b=2`, or "" when empty): sorted by name and with booleans spelled one
 * way, so the same question is the same cache key whichever client asked it.
 */
export function canonicalQuery(search: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(search)) params.append(name, canonicalValue(name, value));
  params.sort();
  const text = params.toString();
  return text ? `?${text}` : "";
}
