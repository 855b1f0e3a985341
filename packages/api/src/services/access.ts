import { ADMIN_ROLES, type Db } from "@hubcache/db";
import { ApiError, forbidden } from "../errors.ts";

/** Who is asking: every query is narrowed to the teams this user belongs to. */
export interface Actor {
  userId: string;
  username: string;
}

/** A `where` on a row's team: the row exists for the actor only if the actor is a member. */
export const visibleTo = (actor: Actor) => ({ team: { memberships: { some: { userId: actor.userId } } } });

/** The same, for rows the actor may change (owner or admin of the team). */
export const changeableBy = (actor: Actor) => ({
  team: { memberships: { some: { userId: actor.userId, role: { in: [...ADMIN_ROLES] } } } },
});

/**
 * The team an actor creates things in: the one named (by id or slug), else their first team where they
 * may change things. A team the actor does not belong to does not exist for them.
 */
export async function teamForChanges(
  db: Db,
  actor: Actor,
  team?: string,
): Promise<{ id: string; slug: string }> {
  const memberships = await db.membership.findMany({
    where: { userId: actor.userId, ...(team ? { team: { OR: [{ id: team }, { slug: team }] } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { role: true, team: { select: { id: true, slug: true } } },
  });
  if (memberships.length === 0) {
    throw new ApiError(team ? 404 : 400, team ? "Team not found." : "You are not a member of any team.");
  }
  const changeable = memberships.find((membership) =>
    (ADMIN_ROLES as readonly string[]).includes(membership.role),
  );
  if (!changeable) throw forbidden();
  return changeable.team;
}

export async function audit(
  db: Db,
  actor: Actor,
  teamId: string,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.auditEvent.create({
    data: { teamId, actor: actor.username, action, target, detail: JSON.stringify(detail) },
  });
}
