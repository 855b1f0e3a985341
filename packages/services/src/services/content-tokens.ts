import { generateToken, hashToken, type Db } from "@hubcache/db";
import { AppError, notFound, parseInput, refused } from "../errors.ts";
import { contentTokenInputSchema, type ContentTokenView } from "../schemas.ts";
import { audit, changeableBy, matchedNothing, teamForChanges, visibleTo, type Actor } from "./access.ts";
import { tokenStatus } from "./token-status.ts";

const columns = {
  id: true,
  teamId: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  team: { select: { slug: true } },
} as const;

/** A token as `columns` reads it. */
type TokenRow = Omit<ContentTokenView, "teamSlug" | "status"> & { team: { slug: string } };

function view(row: TokenRow, now = new Date()): ContentTokenView {
  const { team, ...rest } = row;
  return { ...rest, teamSlug: team.slug, status: tokenStatus(row, now) };
}

/** The tokens of every team the actor belongs to, newest first. */
export async function listContentTokens(db: Db, actor: Actor): Promise<ContentTokenView[]> {
  const rows = await db.contentToken.findMany({
    where: visibleTo(actor),
    orderBy: { createdAt: "desc" },
    select: columns,
  });
  const now = new Date();
  return rows.map((row) => view(row, now));
}

/**
 * Creates a token in the team (id or slug; default: the actor's first team they may change). The secret
 * is returned here and only here: the database keeps its sha256.
 */
export async function createContentToken(
  db: Db,
  actor: Actor,
  input: unknown,
  team?: string,
): Promise<{ token: string; view: ContentTokenView }> {
  const data = parseInput(contentTokenInputSchema, input);
  const { id: teamId } = await teamForChanges(db, actor, team);
  const token = generateToken();
  const row = await db.contentToken.create({
    data: { teamId, name: data.name, secretHash: hashToken(token), expiresAt: data.expiresAt ?? null },
    select: columns,
  });
  await audit(db, actor, teamId, "content_token.create", row.name, {
    id: row.id,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  });
  return { token, view: view(row) };
}

/**
 * Why the actor may not revoke the token: it is not in their teams (404), or they are a member only
 * (403). Asked when a read or write scoped to changeableBy found nothing.
 */
async function refusal(db: Db, actor: Actor, id: string): Promise<AppError> {
  const visible = await db.contentToken.findFirst({
    where: { id, ...visibleTo(actor) },
    select: { id: true },
  });
  return visible
    ? refused(403, "You do not have permission to revoke this token.")
    : notFound("Access token");
}

/** Revokes a token (idempotent); the content server refuses it from its next configuration refresh. */
export async function revokeContentToken(db: Db, actor: Actor, id: string): Promise<ContentTokenView> {
  const existing = await db.contentToken.findFirst({
    where: { id, ...changeableBy(actor) },
    select: columns,
  });
  if (!existing) throw await refusal(db, actor, id);
  if (existing.revokedAt) return view(existing);
  let row: TokenRow;
  try {
    row = await db.contentToken.update({
      where: { id, ...changeableBy(actor) },
      data: { revokedAt: new Date() },
      select: columns,
    });
  } catch (error) {
    if (matchedNothing(error)) throw await refusal(db, actor, id);
    throw error;
  }
  await audit(db, actor, row.teamId, "content_token.revoke", row.name, { id: row.id });
  return view(row);
}
