import { isUniqueViolation, type Db } from "@hubcache/db";
import { AppError, invalid, notFound, parseInput, refused } from "../errors.ts";
import {
  distributionInputSchema,
  distributionUpdateSchema,
  distributionWarnings,
  type DistributionUpdate,
  type DistributionView,
  type PageInput,
} from "../schemas.ts";
import { audit, changeableBy, matchedNothing, teamForChanges, visibleTo, type Actor } from "./access.ts";

type DistributionRow = Awaited<ReturnType<Db["distribution"]["findFirstOrThrow"]>> & {
  remote: { hfTokenEncrypted: string | null };
};

/** Read with every distribution: whether its remote has a token (for the warnings). */
const withRemoteToken = { remote: { select: { hfTokenEncrypted: true } } } as const;

function view(row: DistributionRow): DistributionView {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    basePath: row.basePath,
    remoteId: row.remoteId,
    isPublic: row.isPublic,
    warnings: distributionWarnings({
      isPublic: row.isPublic,
      remoteHasToken: row.remote.hfTokenEncrypted !== null,
    }),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Two base paths overlap when one is the other or lies below it: requests could not be routed. */
export function basePathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** Base paths are global (one URL space for every team): checked against all distributions. */
async function assertBasePathFree(db: Db, basePath: string, exceptId?: string): Promise<void> {
  const others = await db.distribution.findMany({
    where: exceptId ? { id: { not: exceptId } } : {},
    select: { basePath: true },
  });
  const clash = others.find((other) => basePathsOverlap(other.basePath, basePath));
  if (clash) {
    const message =
      clash.basePath === basePath
        ? "This base path is already in use."
        : "This base path overlaps another distribution's base path.";
    throw invalid({ basePath: [message] });
  }
}

/** The remote must belong to the same team as the distribution. */
async function assertRemoteInTeam(db: Db, remoteId: string, teamId: string): Promise<void> {
  const remote = await db.remote.findFirst({ where: { id: remoteId, teamId }, select: { id: true } });
  if (!remote) throw invalid({ remoteId: ["No such remote in this team."] });
}

/**
 * Why the actor may not change the distribution: it is not in their teams (404), or they are a member
 * only (403, with `message`). Asked when a read or write scoped to changeableBy found nothing.
 */
async function refusal(db: Db, actor: Actor, id: string, message: string): Promise<AppError> {
  const visible = await db.distribution.findFirst({
    where: { id, ...visibleTo(actor) },
    select: { id: true },
  });
  return visible ? refused(403, message) : notFound("Distribution");
}

function uniqueViolation(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw invalid({ name: ["A distribution with this name or base path already exists."] });
  }
  throw error;
}

export async function listDistributionsFor(
  db: Db,
  actor: Actor,
  page: PageInput,
): Promise<{ count: number; items: DistributionView[] }> {
  const where = { ...visibleTo(actor), ...(page.name ? { name: page.name } : {}) };
  const [count, rows] = await Promise.all([
    db.distribution.count({ where }),
    db.distribution.findMany({
      where,
      include: withRemoteToken,
      orderBy: { createdAt: "asc" },
      skip: page.offset,
      take: page.limit,
    }),
  ]);
  return { count, items: rows.map(view) };
}

export async function getDistribution(db: Db, actor: Actor, id: string): Promise<DistributionView> {
  const row = await db.distribution.findFirst({
    where: { id, ...visibleTo(actor) },
    include: withRemoteToken,
  });
  if (!row) throw notFound("Distribution");
  return view(row);
}

export async function createDistribution(
  db: Db,
  actor: Actor,
  input: unknown,
  team?: string,
): Promise<DistributionView> {
  const data = parseInput(distributionInputSchema, input);
  const { id: teamId } = await teamForChanges(db, actor, team);
  await assertRemoteInTeam(db, data.remoteId, teamId);
  await assertBasePathFree(db, data.basePath);
  const row = await db.distribution
    .create({ data: { ...data, teamId }, include: withRemoteToken })
    .catch(uniqueViolation);
  await audit(db, actor, teamId, "distribution.create", row.name, data);
  return view(row);
}

/** PATCH (and the console's edit): changes exactly the fields sent. */
export async function updateDistribution(
  db: Db,
  actor: Actor,
  id: string,
  input: unknown,
): Promise<DistributionView> {
  return changeDistribution(db, actor, id, parseInput(distributionUpdateSchema, input));
}

/** PUT: replaces the distribution; omitted fields take their defaults. */
export async function replaceDistribution(
  db: Db,
  actor: Actor,
  id: string,
  input: unknown,
): Promise<DistributionView> {
  return changeDistribution(db, actor, id, parseInput(distributionInputSchema, input));
}

async function changeDistribution(
  db: Db,
  actor: Actor,
  id: string,
  patch: DistributionUpdate,
): Promise<DistributionView> {
  const cannotChange = "You do not have permission to change this distribution.";
  const existing = await db.distribution.findFirst({ where: { id, ...changeableBy(actor) } });
  if (!existing) throw await refusal(db, actor, id, cannotChange);
  if (patch.remoteId) await assertRemoteInTeam(db, patch.remoteId, existing.teamId);
  if (patch.basePath) await assertBasePathFree(db, patch.basePath, id);
  const row = await db.distribution
    // The team the remote was checked against stays in the write.
    .update({
      where: { id, teamId: existing.teamId, ...changeableBy(actor) },
      data: patch,
      include: withRemoteToken,
    })
    .catch(async (error: unknown) => {
      if (matchedNothing(error)) throw await refusal(db, actor, id, cannotChange);
      return uniqueViolation(error);
    });
  await audit(db, actor, row.teamId, "distribution.update", row.name, patch);
  return view(row);
}

export async function deleteDistribution(db: Db, actor: Actor, id: string): Promise<void> {
  const cannotDelete = "You do not have permission to delete this distribution.";
  const existing = await db.distribution.findFirst({ where: { id, ...changeableBy(actor) } });
  if (!existing) throw await refusal(db, actor, id, cannotDelete);
  try {
    await db.distribution.delete({ where: { id, ...changeableBy(actor) } });
  } catch (error) {
    if (matchedNothing(error)) throw await refusal(db, actor, id, cannotDelete);
    throw error;
  }
  await audit(db, actor, existing.teamId, "distribution.delete", existing.name);
}
