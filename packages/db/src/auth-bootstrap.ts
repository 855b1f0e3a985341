import { AppError } from "@hubcache/core/errors";
/**
 * Users in the shape better-auth expects (apps/web/server/auth): a User row plus an Account with
 * providerId "credential" holding the password hash. The hash function is passed in (better-auth's own
 * `hashPassword` from `better-auth/crypto`), so this package does not depend on better-auth and sign-in
 * verifies exactly what was stored.
 */
import { randomBytes } from "node:crypto";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from "./account-rules.ts";
import type { Db } from "./client.ts";
import { DEFAULT_TEAM_SLUG } from "./content-queries.ts";
import { isUniqueViolation } from "./errors.ts";

/** Domain of the synthesized emails (better-auth requires an email; users sign in by username). */
export const USER_EMAIL_DOMAIN = "users.hubcache.local";
/** better-auth's Account.providerId for username/email + password. */
export const CREDENTIAL_PROVIDER_ID = "credential";
export const ADMIN_USERNAME = "admin";

/** Usernames are stored lower-case, like better-auth's username plugin normalizes them. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** `<username>@users.hubcache.local` */
export function userEmail(username: string): string {
  return `${normalizeUsername(username)}@${USER_EMAIL_DOMAIN}`;
}

/** A random password for generated accounts: 24 characters, 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export type HashPassword = (password: string) => Promise<string>;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface CreatePasswordUserInput {
  username: string;
  /** The password hash (better-auth's `hashPassword`), never the password. */
  passwordHash: string;
  name?: string;
}

/** Inserts a user and its credential account (inside the caller's transaction when given one). */
export async function createPasswordUser(
  db: Db | Tx,
  input: CreatePasswordUserInput,
): Promise<{ id: string; username: string }> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) {
    // better-auth's username plugin refuses to sign in anything else
    const message = `Invalid username ${JSON.stringify(username)}: 3–30 of a-z, 0-9, "_" and "."`;
    throw new AppError(400, "BadRequest", message, {}, { username: [message] });
  }
  const user = await db.user.create({
    data: { username, name: input.name ?? username, email: userEmail(username), emailVerified: false },
    select: { id: true, username: true },
  });
  await db.account.create({
    data: {
      userId: user.id,
      accountId: user.id,
      providerId: CREDENTIAL_PROVIDER_ID,
      password: input.passwordHash,
    },
    select: { id: true },
  });
  return user;
}

/** A user by username (normalized here) with its password hash; null when there is no such user. */
export async function findPasswordUser(
  db: Db,
  username: string,
): Promise<{ id: string; username: string; passwordHash: string | null } | null> {
  const user = await db.user.findUnique({
    where: { username: normalizeUsername(username) },
    select: {
      id: true,
      username: true,
      accounts: { where: { providerId: CREDENTIAL_PROVIDER_ID }, select: { password: true }, take: 1 },
    },
  });
  return user && { id: user.id, username: user.username, passwordHash: user.accounts[0]?.password ?? null };
}

export interface EnsureAdminOptions {
  /** The admin's password (ADMIN_PASSWORD). Empty or undefined: a random one, logged once. */
  password?: string;
  /** Receives the one-time message; the generated password is the only secret ever passed to it. */
  log: (message: string) => void;
  /** better-auth's `hashPassword` (better-auth/crypto). */
  hashPassword: HashPassword;
}

export type EnsureAdminResult =
  { created: false } | { created: true; userId: string; teamId: string; generatedPassword: boolean };

/**
 * First start: when the database has no user at all, creates user "admin" (password `options.password`,
 * else a random one that is passed to `log` once) and makes it owner of team "default", creating that
 * team if it does not exist. Everything happens in one transaction. Idempotent; when several processes
 * race, exactly one creates the admin and logs (the others hit the unique username and return
 * `{ created: false }`).
 */
export async function ensureAdmin(db: Db, options: EnsureAdminOptions): Promise<EnsureAdminResult> {
  if ((await db.user.count()) > 0) return { created: false };
  const given = options.password ?? "";
  if (given !== "" && (given.length < MIN_PASSWORD_LENGTH || given.length > MAX_PASSWORD_LENGTH)) {
    throw new Error(
      `ADMIN_PASSWORD must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters long (it is not logged)`,
    );
  }
  const password = given || generatePassword();
  const passwordHash = await options.hashPassword(password);
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await db.$transaction(async (tx) => {
        const user = await createPasswordUser(tx, { username: ADMIN_USERNAME, passwordHash });
        const team =
          (await tx.team.findUnique({ where: { slug: DEFAULT_TEAM_SLUG }, select: { id: true } })) ??
          (await tx.team.create({
            data: { name: "Default", slug: DEFAULT_TEAM_SLUG },
            select: { id: true },
          }));
        await tx.membership.create({
          data: { teamId: team.id, userId: user.id, role: "owner" },
          select: { id: true },
        });
        return { userId: user.id, teamId: team.id };
      });
      if (given) {
        options.log(
          `Created user "${ADMIN_USERNAME}" (owner of team "${DEFAULT_TEAM_SLUG}") with ADMIN_PASSWORD.`,
        );
      } else {
        options.log(
          `Created user "${ADMIN_USERNAME}" (owner of team "${DEFAULT_TEAM_SLUG}") with the password ${password}\n` +
            "This password is shown only once: sign in and change it, or set ADMIN_PASSWORD before the first start.",
        );
      }
      return { created: true, ...created, generatedPassword: !given };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Another process created the admin first; or it created team "default" between our look-up and our
      // insert (e.g. the content server's bootstrap), which rolled everything back: then try again.
      if ((await db.user.count()) > 0) return { created: false };
      if (attempt >= 5) throw e;
    }
  }
}
