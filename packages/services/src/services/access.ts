import { ADMIN_ROLES, isAdminRole, type Db } from "@hubcache/db";
import { forbidden, refused } from "../errors.ts";

/** Who is asking: every query is narrowed to the teams this user belongs to. */
export interface Actor {
  userId: string;
  username: string;
}

/** A `where` on a row's team: the row exists for the actor only if the actor is a member. */
export const visibleTo = (actor: Actor) => ({ team: { memberships: { some: { userId: actor.userId } } } });

/** A `where` on a team: the actor holds one of `roles` in it (default: owner or admin). */
export const administeredBy = (actor: Actor, roles: readonly string[] = ADMIN_ROLES) => ({
  memberships: { some: { userId: actor.userId, role: { in: [...roles] } } },
});

/**
 * The same as visibleTo, for rows the actor may change (owner or admin of the team). Writes put it in
 * their own `where` (`update({ where: { id, ...changeableBy(actor) } })`), so that a write can only touch
 * a row of the actor's teams whatever was read before it.
 */
export const changeableBy = (actor: Actor) => ({ team: administeredBy(actor) });

/** A scoped `update` or `delete` that matched no row (Prisma's P2025): gone, or no longer the actor's. */
export function matchedNothing(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2025";
}

/**
 * The team an actor creates things in: the one named (by id or slug), else their only team where they
 * may change things. An actor who may change several must name one (400 on `team`) rather than have one
 * picked for them; the console's forms offer the choice. A team the actor does not belong to does not
 * exist for them.
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
    throw refused(team ? 404 : 400, team ? "Team not found." : "You are not a member of any team.");
  }
  const changeable = memberships.filter((membership) => isAdminRole(membership.role));
  const [first] = changeable;
  if (!first) throw forbidden();
  if (!team && changeable.length > 1) {
    const slugs = changeable.map((membership) => membership.team.slug).join(", ");
    throw refused(400, "Choose the team.", {
      team: [`You may change more than one team: name one by its slug (${slugs}).`],
    });
  }
  return first.team;
}

/** The REST API's `team` of a create (a slug or id, optional: see teamForChanges) → the team's id. */
export async function teamChosenOverRest(db: Db, actor: Actor, team: unknown): Promise<string> {
  if (team !== undefined && (typeof team !== "string" || team === "")) {
    throw refused(400, "Invalid input.", { team: ["Give the team's slug (or id) as a string."] });
  }
  return (await teamForChanges(db, actor, team)).id;
}

/** A team (id or slug) the actor belongs to, as its id; any other team does not exist (404). */
export async function visibleTeamId(db: Db, actor: Actor, team: string): Promise<string> {
  const membership = await db.membership.findFirst({
    where: { userId: actor.userId, team: { OR: [{ id: team }, { slug: team }] } },
    select: { teamId: true },
  });
  if (!membership) throw refused(404, "Team not found.");
  return membership.teamId;
}

export async function audit(
  db: Db,
  actor: Actor,
  /** null: an event of no team (a deleted team's), seen by nobody in the console. */
  teamId: string | null,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.auditEvent.create({
    data: { teamId, actor: actor.username, action, target, detail: JSON.stringify(detail) },
  });
}
