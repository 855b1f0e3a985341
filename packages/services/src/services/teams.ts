import { ADMIN_ROLES, DEFAULT_TEAM_SLUG, isAdminRole, isUniqueViolation, type Db } from "@hubcache/db";
import { AppError, invalid, notFound, parseInput, refused } from "../errors.ts";
import {
  memberInputSchema,
  roleSchema,
  teamInputSchema,
  type MemberView,
  type Role,
  type TeamView,
} from "../schemas.ts";
import { administeredBy, audit, matchedNothing, type Actor } from "./access.ts";

const OWNERS: readonly Role[] = ["owner"];

/**
 * A write whose own `where` (the actor's role, the member's role) matched nothing: something changed since
 * the checks. The actor's and the member's memberships are checked again (404, 403); if they still hold,
 * it is a conflict (409).
 */
async function refusedWrite(db: Db, actor: Actor, teamId: string, userId?: string): Promise<AppError> {
  try {
    await adminMembershipOf(db, actor, teamId);
    if (userId !== undefined) await memberRow(db, teamId, userId);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return refused(409, "The team changed meanwhile: reload and try again.");
}

/** The actor's membership of the team: a team the actor does not belong to does not exist (404). */
async function membershipOf(db: Db, actor: Actor, teamId: string) {
  const membership = await db.membership.findFirst({
    where: { teamId, userId: actor.userId },
    select: { role: true, team: { select: { id: true, name: true, slug: true } } },
  });
  if (!membership) throw notFound("Team");
  return { role: membership.role as Role, team: membership.team };
}

/** Like membershipOf, and the actor must be owner or admin (403 otherwise). */
async function adminMembershipOf(db: Db, actor: Actor, teamId: string) {
  const membership = await membershipOf(db, actor, teamId);
  if (!isAdminRole(membership.role)) {
    throw refused(403, "Only the team's owners and admins can change it.");
  }
  return membership;
}

/** `My Team!` → `my-team`; never empty. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return slug || "team";
}

export async function listMyTeams(db: Db, actor: Actor): Promise<TeamView[]> {
  const memberships = await db.membership.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      team: {
        select: {
          id: true,
          name: true,
          slug: true,
          createdAt: true,
          _count: { select: { memberships: true } },
        },
      },
    },
  });
  return memberships.map(({ role, team }) => ({
    id: team.id,
    name: team.name,
    slug: team.slug,
    createdAt: team.createdAt,
    role: role as Role,
    memberCount: team._count.memberships,
  }));
}

/** A new team with a slug derived from its name (made unique); its creator becomes its owner. */
export async function createTeam(db: Db, actor: Actor, input: unknown): Promise<TeamView> {
  const data = parseInput(teamInputSchema, input);
  const base = slugify(data.name);
  for (let attempt = 1; attempt <= 50; attempt++) {
    const slug = attempt === 1 ? base : `${base}-${attempt}`;
    if (await db.team.findUnique({ where: { slug }, select: { id: true } })) continue;
    try {
      const team = await db.team.create({
        data: { name: data.name, slug, memberships: { create: { userId: actor.userId, role: "owner" } } },
      });
      await audit(db, actor, team.id, "team.create", team.slug, { name: team.name });
      return { ...team, role: "owner", memberCount: 1 };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw invalid({ name: ["Choose another name: too many teams are named like this."] });
}

export async function renameTeam(db: Db, actor: Actor, teamId: string, input: unknown): Promise<TeamView> {
  const { role, team } = await adminMembershipOf(db, actor, teamId);
  const data = parseInput(teamInputSchema, input);
  const row = await db.team
    .update({
      where: { id: team.id, ...administeredBy(actor) },
      data: { name: data.name },
      include: { _count: { select: { memberships: true } } },
    })
    .catch(async (error: unknown) => {
      throw matchedNothing(error) ? await refusedWrite(db, actor, team.id) : error;
    });
  await audit(db, actor, team.id, "team.rename", team.slug, { from: team.name, to: row.name });
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    createdAt: row.createdAt,
    role,
    memberCount: row._count.memberships,
  };
}

export async function listMembers(db: Db, actor: Actor, teamId: string): Promise<MemberView[]> {
  await membershipOf(db, actor, teamId);
  const rows = await db.membership.findMany({
    where: { teamId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, username: true } } },
  });
  return rows.map((row) => ({
    userId: row.user.id,
    username: row.user.username,
    role: row.role as Role,
    createdAt: row.createdAt,
  }));
}

const onlyOwners = () => refused(403, "Only the team's owners can grant or take away the owner role.");

export async function addMember(db: Db, actor: Actor, teamId: string, input: unknown): Promise<MemberView> {
  const { role: actorRole, team } = await adminMembershipOf(db, actor, teamId);
  const data = parseInput(memberInputSchema, input);
  if (data.role === "owner" && actorRole !== "owner") throw onlyOwners();
  const user = await db.user.findUnique({
    where: { username: data.username },
    select: { id: true, username: true },
  });
  if (!user) throw invalid({ username: ["There is no user with this username."] });
  try {
    const row = await db.membership.create({
      data: { teamId: team.id, userId: user.id, role: data.role },
      select: { createdAt: true },
    });
    await audit(db, actor, team.id, "team.member.add", user.username, { role: data.role });
    return { userId: user.id, username: user.username, role: data.role, createdAt: row.createdAt };
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid({ username: ["This user is already a member."] });
    throw error;
  }
}

/** The member's row, 404 when the user is not in the team. */
async function memberRow(db: Db, teamId: string, userId: string) {
  const row = await db.membership.findFirst({
    where: { teamId, userId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, username: true } } },
  });
  if (!row) throw notFound("Member");
  return row;
}

async function assertAnotherOwner(db: Db, teamId: string, userId: string): Promise<void> {
  const others = await db.membership.count({ where: { teamId, role: "owner", userId: { not: userId } } });
  if (others === 0) {
    throw refused(409, "A team needs at least one owner: make someone else owner first.");
  }
}

export async function changeRole(
  db: Db,
  actor: Actor,
  teamId: string,
  userId: string,
  role: unknown,
): Promise<MemberView> {
  const { role: actorRole, team } = await adminMembershipOf(db, actor, teamId);
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) throw invalid({ role: ["Choose owner, admin or member."] });
  const newRole = parsed.data;
  const member = await memberRow(db, team.id, userId);
  if ((newRole === "owner" || member.role === "owner") && actorRole !== "owner") throw onlyOwners();
  if (member.role === "owner" && newRole !== "owner") await assertAnotherOwner(db, team.id, userId);
  if (member.role !== newRole) {
    // The checks above, again in the write: the member still has the role they had, and the actor still
    // has a role that may change it.
    const mayChange = newRole === "owner" || member.role === "owner" ? OWNERS : ADMIN_ROLES;
    await db.membership
      .update({
        where: {
          teamId_userId: { teamId: team.id, userId },
          role: member.role,
          team: administeredBy(actor, mayChange),
        },
        data: { role: newRole },
      })
      .catch(async (error: unknown) => {
        throw matchedNothing(error) ? await refusedWrite(db, actor, team.id, userId) : error;
      });
    await audit(db, actor, team.id, "team.member.role", member.user.username, {
      from: member.role,
      to: newRole,
    });
  }
  return { userId, username: member.user.username, role: newRole, createdAt: member.createdAt };
}

export async function removeMember(db: Db, actor: Actor, teamId: string, userId: string): Promise<void> {
  const { role: actorRole, team } = await adminMembershipOf(db, actor, teamId);
  const member = await memberRow(db, team.id, userId);
  if (member.role === "owner") {
    if (actorRole !== "owner") throw refused(403, "Only the team's owners can remove an owner.");
    await assertAnotherOwner(db, team.id, userId);
  }
  const mayRemove = member.role === "owner" ? OWNERS : ADMIN_ROLES;
  await db.membership
    .delete({
      where: {
        teamId_userId: { teamId: team.id, userId },
        role: member.role,
        team: administeredBy(actor, mayRemove),
      },
    })
    .catch(async (error: unknown) => {
      throw matchedNothing(error) ? await refusedWrite(db, actor, team.id, userId) : error;
    });
  await audit(db, actor, team.id, "team.member.remove", member.user.username, { role: member.role });
}

/** One of the actor's teams (404 for a team they do not belong to). */
export async function getTeam(db: Db, actor: Actor, teamId: string): Promise<TeamView> {
  const team = (await listMyTeams(db, actor)).find((row) => row.id === teamId);
  if (!team) throw notFound("Team");
  return team;
}

/**
 * Deletes a team with its remotes, distributions, access tokens and cache index (owners only). The
 * `default` team is the instance admin's and stays. Its audit events are kept, without a team.
 */
export async function deleteTeam(db: Db, actor: Actor, teamId: string): Promise<void> {
  const { role, team } = await membershipOf(db, actor, teamId);
  if (role !== "owner") throw refused(403, "Only the team's owners can delete it.");
  if (team.slug === DEFAULT_TEAM_SLUG) {
    throw refused(409, "The default team holds the instance admin and cannot be deleted.");
  }
  await db
    .$transaction([
      // Distributions first: a remote still served by one cannot go on its own.
      db.distribution.deleteMany({ where: { teamId: team.id, team: administeredBy(actor, OWNERS) } }),
      db.team.delete({ where: { id: team.id, ...administeredBy(actor, OWNERS) } }),
    ])
    .catch(async (error: unknown) => {
      throw matchedNothing(error) ? await refusedWrite(db, actor, team.id) : error;
    });
  await audit(db, actor, null, "team.delete", team.slug, { name: team.name });
}
