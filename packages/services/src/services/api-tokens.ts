import {
  createApiToken,
  findApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiTokenInfo,
  type Db,
} from "@hubcache/db";
import { notFound, parseInput } from "../errors.ts";
import { apiTokenInputSchema, type ApiTokenView } from "../schemas.ts";
import type { Actor } from "./access.ts";
import { tokenStatus } from "./token-status.ts";

function view(row: ApiTokenInfo, now = new Date()): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    status: tokenStatus(row, now),
  };
}

/** The actor's own tokens, newest first. Nobody sees another user's tokens. */
export async function listMyApiTokens(db: Db, actor: Actor): Promise<ApiTokenView[]> {
  const now = new Date();
  return (await listApiTokens(db, actor.userId)).map((row) => view(row, now));
}

async function myToken(db: Db, actor: Actor, id: string): Promise<ApiTokenInfo> {
  const row = await findApiToken(db, actor.userId, id);
  if (!row) throw notFound("API token");
  return row;
}

export async function getMyApiToken(db: Db, actor: Actor, id: string): Promise<ApiTokenView> {
  return view(await myToken(db, actor, id));
}

/**
 * A new token acting as the actor (their teams and roles). The secret is returned here and only here:
 * the database keeps its sha256.
 */
export async function createMyApiToken(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<{ token: string; view: ApiTokenView }> {
  const data = parseInput(apiTokenInputSchema, input);
  const { token, id } = await createApiToken(db, actor.userId, data.name, data.expiresAt ?? null);
  return { token, view: await getMyApiToken(db, actor, id) };
}

/** Revokes one of the actor's tokens (idempotent); another user's token does not exist (404). */
export async function revokeMyApiToken(db: Db, actor: Actor, id: string): Promise<ApiTokenView> {
  await myToken(db, actor, id);
  await revokeApiToken(db, actor.userId, id);
  return getMyApiToken(db, actor, id);
}
