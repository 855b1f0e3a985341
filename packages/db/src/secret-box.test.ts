import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SecretBox, secretKeyFilePath } from "./secret-box.ts";
import { generateToken, hashToken } from "./tokens.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-secret-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Flips one bit of the base64 part `index` (1 = iv, 2 = tag, 3 = ciphertext). */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[index] ?? "", "base64");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[index] = bytes.toString("base64");
  return parts.join(":");
}

describe("SecretBox", () => {
  const box = SecretBox.fromSecret("correct horse battery staple");

  it("round-trips, with a fresh IV each time", () => {
    for (const plain of ["hf_abcdef", "", "ünïcødé 🔑", "x".repeat(10_000)]) {
      const sealed = box.seal(plain);
      expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
      expect(sealed).not.toContain(plain || "\u0000");
      expect(box.open(sealed)).toBe(plain);
    }
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it("derives the same key from the same secret", () => {
    expect(SecretBox.fromSecret("correct horse battery staple").open(box.seal("hi"))).toBe("hi");
  });

  it("detects tampering with the IV, tag or ciphertext", () => {
    const sealed = box.seal("hf_token_value");
    for (const i of [1, 2, 3]) expect(() => box.open(tamper(sealed, i))).toThrow(/wrong key or tampered/);
  });

  it("fails with the wrong key", () => {
    expect(() => SecretBox.fromSecret("another secret").open(box.seal("hf_x"))).toThrow(
      /wrong key or tampered/,
    );
  });

  it("rejects malformed values and unknown versions", () => {
    for (const bad of ["", "hf_plain", "v2:a:b:c", "v1:a:b", "v1:!!!:AAAA:AAAA", "v1:AAAA:AAAA:AAAA"]) {
      expect(() => box.open(bad)).toThrow(/SecretBox/);
    }
  });

  it("rejects bad keys", () => {
    expect(() => new SecretBox(new Uint8Array(16))).toThrow(/32 bytes/);
    expect(() => SecretBox.fromSecret("")).toThrow();
  });

  it("load(): HUBCACHE_SECRET wins over the key file", () => {
    const dir = tempDir();
    const keyFile = path.join(dir, "secret.key");
    const loaded = SecretBox.load({ env: { HUBCACHE_SECRET: "correct horse battery staple" }, keyFile });
    expect(loaded.open(box.seal("from env"))).toBe("from env");
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it("load(): without a secret, creates a 0600 key file next to the SQLite data and reuses it", () => {
    const dir = tempDir();
    const databaseUrl = `file:${path.join(dir, "data", "hubcache.db")}`;
    const keyFile = secretKeyFilePath(databaseUrl);
    expect(keyFile).toBe(path.join(dir, "data", "secret.key"));

    const first = SecretBox.load({ env: {}, databaseUrl });
    expect(fs.existsSync(keyFile)).toBe(true);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = SecretBox.load({ env: {}, databaseUrl });
    expect(second.open(first.seal("persisted"))).toBe("persisted");
    expect(fs.readdirSync(path.dirname(keyFile))).toEqual(["secret.key"]); // no temp files left behind

    fs.writeFileSync(keyFile, "not a key");
    expect(() => SecretBox.load({ env: {}, databaseUrl })).toThrow(/not a SecretBox key/);
  });

  it("load(): PostgreSQL URLs keep the key in <base>/data/secret.key", () => {
    const dir = tempDir();
    expect(secretKeyFilePath("postgresql://u@h/db", dir)).toBe(path.join(dir, "data", "secret.key"));
    const a = SecretBox.load({ env: {}, databaseUrl: "postgresql://u@h/db", baseDir: dir });
    expect(SecretBox.load({ env: {}, keyFile: path.join(dir, "data", "secret.key") }).open(a.seal("k"))).toBe(
      "k",
    );
  });
});

describe("tokens", () => {
  it("generates hf_hc_ + 32 random bytes base64url (clients expect HF tokens to start with hf_)", () => {
    const a = generateToken();
    expect(a).toMatch(/^hf_hc_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice("hf_hc_".length), "base64url")).toHaveLength(32);
    expect(generateToken()).not.toBe(a);
  });

  it("hashes with sha256 hex", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
