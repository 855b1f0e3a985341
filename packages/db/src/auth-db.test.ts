import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "./auth-api-tokens.ts";
import {
  createPasswordUser,
  ensureAdmin,
  findPasswordUser,
  normalizeUsername,
  userEmail,
} from "./auth-bootstrap.ts";
import {
  clearLoginFailures,
  consumeLoginAttempt,
  loginBlockedFor,
  SIGN_IN_FAILURE_LIMIT as LIMIT,
  signInLimitKey,
} from "./auth-rate-limit.ts";
import { authSecret } from "./auth-secret.ts";
import { openDb } from "./client.ts";
import { bootstrapDefaults } from "./content-queries.ts";
import { bundledMigrations, migrate } from "./migrate.ts";
import { SecretBox } from "./secret-box.ts";
import { createTestDatabase, openTestDb, testProviders } from "./test-support.ts";
import { hashToken } from "./tokens.ts";

const providers = await testProviders();
/** Stand-in for better-auth's scrypt hashPassword (this package does not depend on better-auth). */
const fakeHash = async (password: string) => `fake:${password}`;

describe.each(providers)("auth tables on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  afterEach(async () => {
    await handle.db.user.deleteMany();
    await handle.db.team.deleteMany();
    await handle.db.rateLimit.deleteMany();
  });

  describe("ensureAdmin", () => {
    it("creates admin with a credential account, owner of a new team default, logging the password once", async () => {
      const logs: string[] = [];
      const r = await ensureAdmin(handle.db, { log: (m) => logs.push(m), hashPassword: fakeHash });
      expect(r).toMatchObject({ created: true, generatedPassword: true });
      expect(logs).toHaveLength(1);
      const password = /with the password (\S+)/.exec(logs[0] ?? "")?.[1] ?? "";
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const user = await handle.db.user.findUniqueOrThrow({
        where: { username: "admin" },
        include: { accounts: true, memberships: { include: { team: true } } },
      });
      expect(user).toMatchObject({
        name: "admin",
        email: "admin@users.hubcache.local",
        emailVerified: false,
      });
      expect(user.accounts).toEqual([
        expect.objectContaining({
          providerId: "credential",
          accountId: user.id,
          password: `fake:${password}`,
        }),
      ]);
      expect(user.memberships).toEqual([
        expect.objectContaining({ role: "owner", team: expect.objectContaining({ slug: "default" }) }),
      ]);
      expect(await ensureAdmin(handle.db, { log: (m) => logs.push(m), hashPassword: fakeHash })).toEqual({
        created: false,
      });
      expect(logs).toHaveLength(1);
    });

    it("joins the existing default team (with its distribution) and never logs ADMIN_PASSWORD", async () => {
      await bootstrapDefaults(handle.db, { hubUrl: "http://hub", secretBox: SecretBox.fromSecret("x") });
      const logs: string[] = [];
      const r = await ensureAdmin(handle.db, {
        password: "correct horse battery",
        log: (m) => logs.push(m),
        hashPassword: fakeHash,
      });
      expect(r).toMatchObject({ created: true, generatedPassword: false });
      expect(logs.join("\n")).not.toContain("correct horse battery");
      expect(await handle.db.team.count()).toBe(1);
      expect(await handle.db.distribution.count()).toBe(1);
      const account = await handle.db.account.findFirstOrThrow();
      expect(account.password).toBe("fake:correct horse battery");
    });

    it("refuses a too short ADMIN_PASSWORD", async () => {
      await expect(
        ensureAdmin(handle.db, { password: "short", log: () => undefined, hashPassword: fakeHash }),
      ).rejects.toThrow(/ADMIN_PASSWORD/);
      expect(await handle.db.user.count()).toBe(0);
    });

    it("creates one admin when started concurrently", async () => {
      const logs: string[] = [];
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          ensureAdmin(handle.db, { log: (m) => logs.push(m), hashPassword: fakeHash }),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(logs).toHaveLength(1);
      expect(await handle.db.user.count()).toBe(1);
      expect(await handle.db.membership.count()).toBe(1);
    });

    it("finds a user's password hash by username, as sign-in compares it (normalized)", async () => {
      const bob = await createPasswordUser(handle.db, { username: "bob.finder", passwordHash: "fake:bob" });
      expect(await findPasswordUser(handle.db, " Bob.Finder ")).toEqual({
        id: bob.id,
        username: "bob.finder",
        passwordHash: "fake:bob",
      });
      expect(await findPasswordUser(handle.db, "nobody-here")).toBeNull();
    });

    it("normalizes usernames", () => {
      expect(normalizeUsername(" Alice ")).toBe("alice");
      expect(userEmail("Bob")).toBe("bob@users.hubcache.local");
    });
  });

  describe("API tokens", () => {
    it("stores only the hash, authenticates, touches lastUsedAt at most once a minute, revokes", async () => {
      await ensureAdmin(handle.db, { password: "password-1", log: () => undefined, hashPassword: fakeHash });
      const admin = await handle.db.user.findUniqueOrThrow({ where: { username: "admin" } });
      const { token, id } = await createApiToken(handle.db, admin.id, " ci ");
      expect(token).toMatch(/^hcapi_[A-Za-z0-9_-]{43}$/);
      const row = await handle.db.apiToken.findUniqueOrThrow({ where: { id } });
      expect(row.secretHash).toBe(hashToken(token));
      expect(JSON.stringify(row)).not.toContain(token);
      expect(row.name).toBe("ci");

      const t0 = new Date("2030-01-01T00:00:00Z");
      expect(await authenticateApiToken(handle.db, token, t0)).toEqual({
        id: admin.id,
        username: "admin",
        tokenId: id,
      });
      expect((await handle.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t0);
      await authenticateApiToken(handle.db, token, new Date(t0.getTime() + 30_000));
      expect((await handle.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t0);
      const t2 = new Date(t0.getTime() + 61_000);
      await authenticateApiToken(handle.db, token, t2);
      expect((await handle.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(t2);

      expect(await authenticateApiToken(handle.db, `${token}x`)).toBeNull();
      expect(await authenticateApiToken(handle.db, "not-a-token")).toBeNull();
      const listed = await listApiTokens(handle.db, admin.id);
      expect(listed).toHaveLength(1);
      expect(listed[0]).not.toHaveProperty("secretHash");

      expect(await revokeApiToken(handle.db, "someone-else", id)).toBe(false);
      expect(await revokeApiToken(handle.db, admin.id, id)).toBe(true);
      expect(await revokeApiToken(handle.db, admin.id, id)).toBe(false);
      expect(await authenticateApiToken(handle.db, token)).toBeNull();

      const expiring = await createApiToken(handle.db, admin.id, "old", new Date(t0.getTime() + 1000));
      expect(await authenticateApiToken(handle.db, expiring.token, t0)).not.toBeNull();
      expect(await authenticateApiToken(handle.db, expiring.token, new Date(t0.getTime() + 1000))).toBeNull();
    });
  });

  describe("login rate limit", () => {
    it("allows max attempts within the window, then refuses until it has passed; clears", async () => {
      const key = signInLimitKey("10.0.0.1", "Admin");
      expect(key).toBe("sign-in|10.0.0.1|admin");
      const t = 1_900_000_000_000;
      for (let i = 0; i < 5; i++) {
        expect(await consumeLoginAttempt(handle.db, key, LIMIT, t + i)).toEqual({ allowed: true });
      }
      expect(await loginBlockedFor(handle.db, key, LIMIT, t + 10)).toBe(60_000 - 6);
      expect(await consumeLoginAttempt(handle.db, key, LIMIT, t + 10)).toEqual({
        allowed: false,
        retryAfterMs: 60_000 - 6,
      });
      // refused attempts are not counted: the block ends a window after the last counted one
      expect(await loginBlockedFor(handle.db, key, LIMIT, t + 4 + 60_000)).toBe(0);
      expect(await consumeLoginAttempt(handle.db, key, LIMIT, t + 4 + 60_000)).toEqual({ allowed: true });
      expect((await handle.db.rateLimit.findUniqueOrThrow({ where: { key } })).count).toBe(1);
      await clearLoginFailures(handle.db, key);
      expect(await handle.db.rateLimit.count({ where: { key } })).toBe(0);
    });

    it("lets at most max of many concurrent attempts through", async () => {
      const key = signInLimitKey(null, "admin");
      expect(key).toBe("sign-in|unknown|admin");
      const t = 1_900_000_000_000;
      const results = await Promise.all(
        Array.from({ length: 12 }, () => consumeLoginAttempt(handle.db, key, LIMIT, t)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(5);
      expect((await handle.db.rateLimit.findUniqueOrThrow({ where: { key } })).count).toBe(5);
    });

    it("keys long usernames by their hash", () => {
      const key = signInLimitKey("::1", "x".repeat(10_000));
      expect(key).toMatch(/^sign-in\|::1\|sha256:[0-9a-f]{64}$/);
      expect(signInLimitKey("::1", "X".repeat(10_000))).toBe(key);
    });
  });

  it("the auth migration keeps existing users (name and synthesized email)", async () => {
    const database = await createTestDatabase(provider);
    try {
      const [init] = bundledMigrations(provider);
      if (!init) throw new Error("no init migration");
      await migrate(database.url, { migrations: [init] });
      const old = await openDb(database.url, { migrate: false });
      await old.db.$executeRawUnsafe(
        `INSERT INTO "User" ("id", "username", "passwordHash", "createdAt", "updatedAt") VALUES ('u1', 'carol', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      );
      await old.close();
      await migrate(database.url);
      const current = await openDb(database.url, { migrate: false });
      try {
        expect(await current.db.user.findUniqueOrThrow({ where: { id: "u1" } })).toMatchObject({
          username: "carol",
          name: "carol",
          email: "carol@users.hubcache.local",
          emailVerified: false,
        });
      } finally {
        await current.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe("authSecret", () => {
  it("prefers BETTER_AUTH_SECRET, else derives a stable secret from HUBCACHE_SECRET or the key file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-auth-secret-"));
    try {
      expect(authSecret({ env: { BETTER_AUTH_SECRET: "explicit", HUBCACHE_SECRET: "x" } })).toBe("explicit");
      const fromShared = authSecret({ env: { HUBCACHE_SECRET: "shared" } });
      expect(fromShared).toMatch(/^[0-9a-f]{64}$/);
      expect(authSecret({ env: { HUBCACHE_SECRET: "shared" } })).toBe(fromShared);
      expect(authSecret({ env: { HUBCACHE_SECRET: "other" } })).not.toBe(fromShared);

      const keyFile = path.join(dir, "data", "secret.key");
      const fromFile = authSecret({ env: {}, keyFile });
      expect(fs.existsSync(keyFile)).toBe(true);
      expect(authSecret({ env: {}, keyFile })).toBe(fromFile);
      expect(fromFile).toMatch(/^[0-9a-f]{64}$/);
      // not the key itself
      expect(fromFile).not.toBe(
        Buffer.from(fs.readFileSync(keyFile, "utf8").trim(), "base64").toString("hex"),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
