import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensurePrivateDir, tightenFileMode } from "./private-files.ts";
import { dataDirFor, databaseUrlOrDefault } from "./url.ts";

const VERSION = "v1";
const AAD = Buffer.from(`hubcache-secretbox:${VERSION}`);
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBoxLoadOptions {
  /** Any string; its sha256 is the key. Default: env HUBCACHE_SECRET. */
  secret?: string;
  /** Where to keep a generated key when no secret is given. Default: secretKeyFilePath(databaseUrl). */
  keyFile?: string;
  /** Used to place the key file next to the data. Default: DATABASE_URL or the default SQLite URL. */
  databaseUrl?: string;
  /** Base for relative paths (default: INIT_CWD or cwd). */
  baseDir?: string;
  /** The app's validated environment, for HUBCACHE_SECRET. */
  env: Record<string, string | undefined>;
}

/** `<folder of the SQLite file>/secret.key`, or `<base>/data/secret.key` for PostgreSQL. */
export function secretKeyFilePath(databaseUrl?: string, baseDir?: string): string {
  return path.join(dataDirFor(databaseUrlOrDefault(databaseUrl), baseDir), "secret.key");
}

/**
 * Authenticated encryption for secrets at rest (upstream HF tokens): AES-256-GCM with a random 96-bit IV.
 * Sealed format: `v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`SecretBox key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  /** Derives the key as sha256(secret). */
  static fromSecret(secret: string): SecretBox {
    if (secret.length === 0) throw new Error("SecretBox secret must not be empty");
    return new SecretBox(createHash("sha256").update(secret, "utf8").digest());
  }

  /**
   * The key from `secret` / HUBCACHE_SECRET, else from the key file, creating it (random, mode 0600, in a
   * folder created 0700) when missing; an existing key file readable by others is made 0600. Creation is atomic (write a temp file, then hard-link it into place), so processes starting
   * together agree on one key.
   */
  static load(options: SecretBoxLoadOptions): SecretBox {
    const env = options.env;
    const secret = options.secret ?? env.HUBCACHE_SECRET;
    if (secret !== undefined && secret !== "") return SecretBox.fromSecret(secret);
    const file = options.keyFile ?? secretKeyFilePath(options.databaseUrl, options.baseDir);
    return new SecretBox(readOrCreateKeyFile(file));
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(AAD);
    const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [
      VERSION,
      iv.toString("base64"),
      cipher.getAuthTag().toString("base64"),
      ct.toString("base64"),
    ].join(":");
  }

  /** Throws if the value is malformed, was tampered with, or was sealed with another key. */
  open(sealed: string): string {
    const parts = sealed.split(":");
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new Error(`SecretBox: unsupported sealed value (expected ${VERSION}:<iv>:<tag>:<ciphertext>)`);
    }
    const [, ivB64 = "", tagB64 = "", ctB64 = ""] = parts;
    const iv = decodeBase64(ivB64);
    const tag = decodeBase64(tagB64);
    const ct = decodeBase64(ctB64);
    if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || ct === null) {
      throw new Error("SecretBox: malformed sealed value");
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("SecretBox: cannot open sealed value (wrong key or tampered data)");
    }
  }
}

function decodeBase64(s: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  return Buffer.from(s, "base64");
}

function parseKeyFile(file: string, text: string): Buffer {
  const key = decodeBase64(text.trim());
  if (key?.length !== KEY_BYTES) {
    throw new Error(`${file} is not a SecretBox key (expected ${KEY_BYTES} bytes, base64)`);
  }
  return key;
}

function readOrCreateKeyFile(file: string): Buffer {
  try {
    const text = fs.readFileSync(file, "utf8");
    tightenFileMode(file); // left readable by others by an older version or by hand
    return parseKeyFile(file, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  ensurePrivateDir(path.dirname(file));
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(tmp, file); // fails with EEXIST if another process won the race: then use its key
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return parseKeyFile(file, fs.readFileSync(file, "utf8"));
}
