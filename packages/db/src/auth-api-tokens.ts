/**
 * Personal bearer tokens for the REST API (`Authorization: Bearer hcapi_…`). Only the sha256 of the
 * secret (hashToken) is stored; the secret is returned once, by createApiToken.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "./client.ts";
import { hashToken } from "./tokens.ts";
import type { ApiToken } from "../generated/sqlite/client.ts";

export type { ApiToken };

export const API_TOKEN_PREFIX = "hcapi_";

/** lastUsedAt is written at most this often per token. */
export const API_TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** `hcapi_` + 32 random bytes, base64url. */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** A token without its hash: what may be shown in listings. */
export type ApiTokenInfo = Omit<ApiToken, "secretHash">;

const INFO_SELECT = {
  id: true,
  userId: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/**
 * Creates a token for the user. `token` is the secret: show it once, it cannot be recovered. The name is
 * validated by the caller (the services' apiTokenInputSchema) and stored trimmed.
 */
export async function createApiToken(
  db: Db,
  userId: string,
  name: string,
  expiresAt?: Date | null,
): Promise<{ token: string; id: string }> {
  const token = generateApiToken();
  const row = await db.apiToken.create({
    data: { userId, name: name.trim(), secretHash: hashToken(token), expiresAt: expiresAt ?? null },
    select: { id: true },
  });
  return { token, id: row.id };
}

/** Revokes one of the user's tokens. False when the user has no such (unrevoked) token. */
export async function revokeApiToken(
  db: Db,
  userId: string,
  id: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count > 0;
}

/** One of the user's tokens, without its hash; null when the user has no token with this id. */
export async function findApiToken(db: Db, userId: string, id: string): Promise<ApiTokenInfo | null> {
  return db.apiToken.findFirst({ where: { id, userId }, select: INFO_SELECT });
}

/** The user's tokens, newest first, without their hashes. */
export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  return db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: INFO_SELECT });
}

/**
 * The user behind a bearer token, unless the token is unknown, revoked or expired (at `now`). Records the
 * use in lastUsedAt, at most once per API_TOKEN_TOUCH_INTERVAL_MS.
 */
export async function authenticateApiToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<{ id: string; username: string; tokenId: string } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findFirst({
    where: {
      secretHash: hashToken(token),
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    select: { id: true, lastUsedAt: true, user: { select: { id: true, username: true } } },
  });
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= API_TOKEN_TOUCH_INTERVAL_MS) {
    // Conditional, so that concurrent requests write once.
    await db.apiToken.updateMany({
      where: {
        id: row.id,
        OR: [
          { lastUsedAt: null },
          { lastUsedAt: { lte: new Date(now.getTime() - API_TOKEN_TOUCH_INTERVAL_MS) } },
        ],
      },
      data: { lastUsedAt: now },
    });
  }
  return { id: row.user.id, username: row.user.username, tokenId: row.id };
}
