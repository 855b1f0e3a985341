import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "hc_";

/** A new content token secret: `hc_` + 32 random bytes, base64url. Show it once; store only hashToken(). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** sha256 hex of the secret: what ContentToken.secretHash stores and lookups use. */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
