import { createHash, randomBytes } from "node:crypto";

// Clients check the shape of HF_TOKEN (@huggingface/hub refuses a token that does not start with
// "hf_"), so content tokens look like one; "hf_hc_" still tells them apart from real Hub tokens.
export const TOKEN_PREFIX = "hf_hc_";

/** A new content token secret: `hc_` + 32 random bytes, base64url. Show it once; store only hashToken(). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** sha256 hex of the secret: what ContentToken.secretHash stores and lookups use. */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
