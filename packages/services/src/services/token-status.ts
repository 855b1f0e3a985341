import type { TokenStatus } from "../schemas.ts";

/** A token of either kind is revoked, else expired at `now`, else active. */
export function tokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  now: Date,
): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
