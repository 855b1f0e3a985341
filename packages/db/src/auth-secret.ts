import { createHash, createHmac } from "node:crypto";
import fs from "node:fs";
import { SecretBox, secretKeyFilePath } from "./secret-box.ts";

export interface AuthSecretOptions {
  /** The app's validated environment, for BETTER_AUTH_SECRET / HUBCACHE_SECRET. */
  env: Record<string, string | undefined>;
  /** Locates the SecretBox key file (default DATABASE_URL or the default SQLite URL). */
  databaseUrl?: string;
  /** Base for relative paths (default: INIT_CWD or cwd). */
  baseDir?: string;
  /** The SecretBox key file (default secretKeyFilePath(databaseUrl, baseDir)). */
  keyFile?: string;
}

const LABEL = "hubcache:better-auth-secret:v1";

/**
 * The secret better-auth signs cookies with: `BETTER_AUTH_SECRET` when set; otherwise derived (HMAC-SHA256,
 * hex) from the SecretBox key — sha256(HUBCACHE_SECRET), or the key file next to the data, created if
 * missing — so sessions survive restarts without configuration, and every process of one installation
 * agrees on it. The derivation is one-way: the secret does not reveal the key that seals HF tokens.
 */
export function authSecret(options: AuthSecretOptions): string {
  const env = options.env;
  const explicit = env.BETTER_AUTH_SECRET;
  if (explicit) return explicit;
  let key: Buffer;
  const shared = env.HUBCACHE_SECRET;
  if (shared) {
    key = createHash("sha256").update(shared, "utf8").digest();
  } else {
    const file = options.keyFile ?? secretKeyFilePath(options.databaseUrl, options.baseDir);
    SecretBox.load({ env: {}, keyFile: file }); // creates (atomically) and validates the key file
    key = Buffer.from(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim(), "base64");
  }
  return createHmac("sha256", key).update(LABEL).digest("hex");
}
