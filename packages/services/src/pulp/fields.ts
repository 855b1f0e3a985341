import type { FieldErrors } from "../errors.ts";

/** Pulp's snake_case field names ↔ the domain's names, per resource. */
export const REMOTE_FIELDS = {
  name: "name",
  hf_hub_url: "hubUrl",
  hf_token: "hfToken",
  policy: "policy",
  connect_timeout: "connectTimeoutMs",
  sock_read_timeout: "readTimeoutMs",
  include_patterns: "includePatterns",
  exclude_patterns: "excludePatterns",
} as const;

export const DISTRIBUTION_FIELDS = {
  name: "name",
  base_path: "basePath",
  remote: "remoteId",
  public: "isPublic",
} as const;

/** Pulp gives timeouts in seconds; the domain keeps milliseconds. */
const SECONDS_FIELDS = new Set(["connect_timeout", "sock_read_timeout"]);

/** A Pulp request body as domain input: known fields renamed, unknown ones ignored (as DRF does). */
export function toDomain(
  body: Record<string, unknown>,
  fields: Record<string, string>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [pulpName, domainName] of Object.entries(fields)) {
    if (!(pulpName in body)) continue;
    const value = body[pulpName];
    input[domainName] =
      SECONDS_FIELDS.has(pulpName) && typeof value === "number" ? Math.round(value * 1000) : value;
  }
  return input;
}

/** Domain field errors under the Pulp names the client sent. */
export function toPulpErrors(errors: FieldErrors, fields: Record<string, string>): FieldErrors {
  const byDomain = new Map(Object.entries(fields).map(([pulp, domain]) => [domain, pulp]));
  const result: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const [head = key, ...rest] = key.split(".");
    const name = [byDomain.get(head) ?? head, ...rest].join(".");
    result[name] = messages;
  }
  return result;
}
