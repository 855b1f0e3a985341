/** String "enums" validated by the application (SQLite has no enum type). */

import { POLICIES, type Policy } from "@hubcache/core/policies";

export const MEMBERSHIP_ROLES = ["owner", "admin", "member"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
/** The roles that may change a team's remotes, distributions and tokens. */
export const ADMIN_ROLES: readonly MembershipRole[] = ["owner", "admin"];
export const isAdminRole = (role: string): boolean => (ADMIN_ROLES as readonly string[]).includes(role);

export const REMOTE_POLICIES = POLICIES;
export type RemotePolicy = Policy;

function oneOf<T extends string>(allowed: readonly T[], what: string) {
  const is = (value: unknown): value is T =>
    typeof value === "string" && (allowed as readonly string[]).includes(value);
  const parse = (value: unknown): T => {
    if (is(value)) return value;
    throw new Error(`Invalid ${what} ${JSON.stringify(value)}: expected one of ${allowed.join(", ")}`);
  };
  return { is, parse };
}

const roles = oneOf(MEMBERSHIP_ROLES, "membership role");
export const isMembershipRole = roles.is;
export const parseMembershipRole = roles.parse;

const policies = oneOf(REMOTE_POLICIES, "remote policy");
export const isRemotePolicy = policies.is;
export const parseRemotePolicy = policies.parse;

/** Parses an includePatterns / excludePatterns column: JSON text of a string array. */
export function parsePatterns(json: string, what = "patterns"): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`Invalid ${what}: not JSON`);
  }
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
    throw new Error(`Invalid ${what}: expected a JSON array of strings`);
  }
  return value;
}

/** Serializes patterns for the includePatterns / excludePatterns columns. */
export function serializePatterns(patterns: readonly string[]): string {
  if (!patterns.every((p) => typeof p === "string")) throw new Error("patterns must be strings");
  return JSON.stringify(patterns);
}
