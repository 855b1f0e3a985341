import {
  listContentServers,
  pinnedFiles,
  storedBytes,
  teamUsageBytes,
  usageByTeam,
  type Db,
} from "@hubcache/db";
import type { z } from "zod";
import { notFound, parseInput, refused } from "../errors.ts";
import {
  pinInputSchema,
  purgeTargetSchema,
  teamLimitsSchema,
  type instanceStorageViewSchema,
  type pinViewSchema,
  type purgeJobViewSchema,
  type teamPinViewSchema,
  type teamStorageViewSchema,
} from "../schemas.ts";
import { audit, changeableBy, visibleTo, type Actor } from "./access.ts";
import { requestPrefetch, type PrefetchJobView } from "./prefetch.ts";
import { isInstanceAdmin } from "./users.ts";

/**
 * Storage: team quotas and retention (quotas are the instance admin's), pins, queued purges and what a
 * team's cache holds. The content server enforces all of it; these only read and write the settings.
 */

const COMMIT = /^[0-9a-f]{40}$/;

const PIN_ORDER: Array<{ repoId?: "asc"; commit?: "asc"; path?: "asc" }> = [
  { repoId: "asc" },
  { commit: "asc" },
  { path: "asc" },
];

export type PinView = z.infer<typeof pinViewSchema>;
export type TeamPinView = z.infer<typeof teamPinViewSchema>;
export type PurgeJobView = z.infer<typeof purgeJobViewSchema>;
export type TeamStorageView = z.infer<typeof teamStorageViewSchema>;
export type InstanceStorageView = z.infer<typeof instanceStorageViewSchema>;

type PurgeRow = Awaited<ReturnType<Db["purgeJob"]["findFirstOrThrow"]>>;

function purgeJobView(row: PurgeRow): PurgeJobView {
  return { ...row, status: row.status as PurgeJobView["status"], bytes: Number(row.bytes) };
}

/** A team the actor belongs to, by id or slug (another team does not exist for them). */
async function visibleTeam(db: Db, actor: Actor, team: string) {
  const row = await db.team.findFirst({
    where: { OR: [{ id: team }, { slug: team }], memberships: { some: { userId: actor.userId } } },
    select: { id: true, slug: true, quotaBytes: true, retentionDays: true },
  });
  if (!row) throw notFound("Team");
  return row;
}

/**
 * Sets a team's quota (the instance admin only) and retention (the team's admins and owners too).
 * Lowering a quota below the usage makes the content server evict on its next pass.
 */
export async function setTeamLimits(
  db: Db,
  actor: Actor,
  team: string,
  input: unknown,
): Promise<TeamStorageView> {
  const limits = parseInput(teamLimitsSchema, input);
  const admin = await isInstanceAdmin(db, actor);
  const row = admin
    ? await db.team.findFirst({ where: { OR: [{ id: team }, { slug: team }] }, select: { id: true } })
    : await visibleTeam(db, actor, team);
  if (!row) throw notFound("Team");
  if (limits.quotaBytes !== undefined && !admin) {
    throw refused(403, "Only the instance admin can set a team's quota.");
  }
  // The team's admins and owners, or the instance admin: the scope is in the write itself.
  const updated = await db.team.updateMany({
    where: admin ? { id: row.id } : { id: row.id, ...changeableBy(actor).team },
    data: {
      ...(limits.quotaBytes !== undefined
        ? { quotaBytes: limits.quotaBytes === null ? null : BigInt(limits.quotaBytes) }
        : {}),
      ...(limits.retentionDays !== undefined ? { retentionDays: limits.retentionDays } : {}),
    },
  });
  if (updated.count === 0) {
    // Not (or no longer) theirs to change: removed from the team meanwhile, it does not exist for them.
    await visibleTeam(db, actor, row.id);
    throw refused(403, "You do not have permission to change this team's settings.");
  }
  await audit(db, actor, row.id, "team.storage_limits", row.id, limits);
  return admin ? teamStorageOf(db, row.id) : teamStorage(db, actor, row.id);
}

/** What a team's cache holds against its quota, its pins' bytes, its largest repos, recent evictions. */
export async function teamStorage(db: Db, actor: Actor, team: string): Promise<TeamStorageView> {
  const row = await visibleTeam(db, actor, team);
  return teamStorageOf(db, row.id);
}

async function teamStorageOf(db: Db, teamId: string): Promise<TeamStorageView> {
  const team = await db.team.findUniqueOrThrow({
    where: { id: teamId },
    select: { id: true, slug: true, quotaBytes: true, retentionDays: true },
  });
  const [usedBytes, repos, evictions, pins] = await Promise.all([
    teamUsageBytes(db, teamId),
    db.cachedFile.groupBy({
      by: ["remoteId", "repoType", "repoId"],
      where: { remote: { teamId } },
      _count: { _all: true },
      _sum: { size: true },
    }),
    db.evictionEvent.findMany({ where: { teamId }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.pin.findMany({
      where: { remote: { teamId } },
      include: { remote: { select: { name: true } } },
      orderBy: PIN_ORDER,
    }),
  ]);
  let pinnedBytes = 0;
  const pinned = pinnedFiles(pins);
  if (pinned) {
    const sum = await db.cachedFile.aggregate({ where: pinned, _sum: { size: true } });
    pinnedBytes = Number(sum._sum.size ?? 0n);
  }
  const largestRepos = repos
    .map((repo) => ({
      remoteId: repo.remoteId,
      repoType: repo.repoType,
      repoId: repo.repoId,
      files: repo._count._all,
      bytes: Number(repo._sum.size ?? 0n),
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 10);
  return {
    teamId: team.id,
    slug: team.slug,
    usedBytes,
    quotaBytes: team.quotaBytes === null ? null : Number(team.quotaBytes),
    retentionDays: team.retentionDays,
    pinnedBytes,
    pins: pins.map((pin) => ({
      id: pin.id,
      remoteId: pin.remoteId,
      remoteName: pin.remote.name,
      repoType: pin.repoType,
      repoId: pin.repoId,
      commit: pin.commit || null,
      path: pin.path || null,
      createdBy: pin.createdBy,
      createdAt: pin.createdAt,
    })),
    largestRepos,
    recentEvictions: evictions.map((event) => ({
      repoType: event.repoType,
      repoId: event.repoId,
      commit: event.commit,
      path: event.path,
      size: Number(event.size),
      reason: event.reason,
      at: event.createdAt,
    })),
  };
}

/** The instance's stored bytes (each shared blob once) and every team's usage and quota: instance admin only. */
/** The content servers whose limit counts: those heard from in the last minutes (they beat every 10 s). */
const LIMIT_HEARD_WITHIN_MS = 5 * 60_000;

export async function instanceStorage(db: Db, actor: Actor): Promise<InstanceStorageView> {
  if (!(await isInstanceAdmin(db, actor))) throw refused(403, "Only the instance admin can see this.");
  const [stored, usage, teams, servers] = await Promise.all([
    storedBytes(db),
    usageByTeam(db),
    db.team.findMany({ select: { id: true, quotaBytes: true } }),
    listContentServers(db, new Date(Date.now() - LIMIT_HEARD_WITHIN_MS)),
  ]);
  const quotas = new Map(teams.map((team) => [team.id, team.quotaBytes]));
  const limits = servers.flatMap((server) => (server.cacheMaxBytes === null ? [] : [server.cacheMaxBytes]));
  return {
    storedBytes: stored,
    limitBytes: limits.length > 0 ? Math.min(...limits) : null,
    teams: usage.map((team) => {
      const quota = quotas.get(team.teamId) ?? null;
      return {
        teamId: team.teamId,
        slug: team.slug,
        usedBytes: team.bytes,
        quotaBytes: quota === null ? null : Number(quota),
      };
    }),
  };
}

/** The distribution (and its remote and team) if the actor may see it, or with `change`, change it. */
async function distributionFor(db: Db, actor: Actor, distributionId: string, change: boolean) {
  const found = await db.distribution.findFirst({
    where: { id: distributionId, ...(change ? changeableBy(actor) : visibleTo(actor)) },
    select: { id: true, remoteId: true, teamId: true },
  });
  if (found) return found;
  if (change && (await db.distribution.findFirst({ where: { id: distributionId, ...visibleTo(actor) } }))) {
    throw refused(403, "You do not have permission to change this distribution's cache.");
  }
  throw notFound("Distribution");
}

/**
 * Pins a repo (or a repo at a revision), whole or a file or folder of it, of a distribution's remote:
 * its cached files are never evicted and count against the quota. A branch or tag is pinned at the
 * commit the cache resolved it to.
 */
export async function createPin(db: Db, actor: Actor, input: unknown): Promise<PinView> {
  const data = parseInput(pinInputSchema, input);
  const distribution = await distributionFor(db, actor, data.distributionId, true);
  let commit = "";
  if (data.revision !== undefined) {
    if (COMMIT.test(data.revision)) {
      commit = data.revision;
    } else {
      const resolved = await db.revisionCache.findFirst({
        where: {
          remoteId: distribution.remoteId,
          repoType: data.repoType,
          repoId: data.repoId,
          revision: data.revision,
        },
        select: { commit: true },
      });
      if (!resolved) {
        throw refused(400, "Unknown revision.", {
          revision: ["Not resolved by the cache yet: give a commit, or pre-fetch the repo with a pin."],
        });
      }
      commit = resolved.commit;
    }
  }
  const key = {
    remoteId: distribution.remoteId,
    repoType: data.repoType,
    repoId: data.repoId,
    commit,
    path: data.path ?? "",
  };
  const row = await db.pin.upsert({
    where: { remoteId_repoType_repoId_commit_path: key },
    create: { ...key, createdBy: actor.username },
    update: {},
  });
  await audit(db, actor, distribution.teamId, "cache.pin", data.repoId, {
    ...data,
    commit: commit || null,
    path: data.path ?? null,
  });
  return pinView(row, distribution.id);
}

type PinRow = Awaited<ReturnType<Db["pin"]["findFirstOrThrow"]>>;

function pinView(row: PinRow, distributionId: string): PinView {
  return {
    id: row.id,
    distributionId,
    repoType: row.repoType,
    repoId: row.repoId,
    commit: row.commit || null,
    path: row.path || null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export async function listPins(db: Db, actor: Actor, distributionId: string): Promise<PinView[]> {
  const distribution = await distributionFor(db, actor, distributionId, false);
  const rows = await db.pin.findMany({
    where: { remoteId: distribution.remoteId },
    orderBy: PIN_ORDER,
  });
  return rows.map((row) => pinView(row, distribution.id));
}

export async function deletePin(db: Db, actor: Actor, distributionId: string, pinId: string): Promise<void> {
  const distribution = await distributionFor(db, actor, distributionId, true);
  const pin = await db.pin.findFirst({ where: { id: pinId, remoteId: distribution.remoteId } });
  if (!pin) throw notFound("Pin");
  const deleted = await db.pin.deleteMany({ where: { id: pin.id, remoteId: distribution.remoteId } });
  if (deleted.count === 0) throw notFound("Pin"); // unpinned meanwhile
  await audit(db, actor, distribution.teamId, "cache.unpin", pin.repoId, pinAuditDetail(pin));
}

/**
 * Unpins by the pin's id alone, as a team's storage page lists its pins (a pin belongs to a remote,
 * which may serve no distribution): the team's admins and owners only; another team's pin does not exist.
 */
export async function deleteTeamPin(db: Db, actor: Actor, pinId: string): Promise<void> {
  const pin = await db.pin.findFirst({
    where: { id: pinId, remote: visibleTo(actor) },
    select: {
      id: true,
      repoType: true,
      repoId: true,
      commit: true,
      path: true,
      remote: { select: { teamId: true } },
    },
  });
  if (!pin) throw notFound("Pin");
  const deleted = await db.pin.deleteMany({ where: { id: pin.id, remote: changeableBy(actor) } });
  if (deleted.count === 0) throw refused(403, "You do not have permission to change this team's pins.");
  await audit(db, actor, pin.remote.teamId, "cache.unpin", pin.repoId, pinAuditDetail(pin));
}

/** What an unpin's audit line records of the pin. */
function pinAuditDetail(pin: Pick<PinRow, "repoType" | "repoId" | "commit" | "path">) {
  return {
    repoType: pin.repoType,
    repoId: pin.repoId,
    commit: pin.commit || null,
    path: pin.path || null,
  };
}

/** A pre-fetch whose repo is pinned at the resolved commit before its first file is fetched. */
export async function requestPinnedPrefetch(db: Db, actor: Actor, input: unknown): Promise<PrefetchJobView> {
  return requestPrefetch(db, actor, input, { pin: true });
}

/**
 * Queues a purge of a repo, a revision or a file of the distribution's remote; the content server
 * carries it out (it owns the bytes) and writes the result on the job and in the audit log.
 */
export async function requestPurge(
  db: Db,
  actor: Actor,
  distributionId: string,
  input: unknown,
): Promise<PurgeJobView> {
  const target = parseInput(purgeTargetSchema, input);
  if (target.path && !target.commit) {
    throw refused(400, "Purging a file needs its commit.", { commit: ["Required with a path."] });
  }
  const distribution = await distributionFor(db, actor, distributionId, true);
  const row = await db.purgeJob.create({
    data: {
      distributionId: distribution.id,
      repoType: target.repoType,
      repoId: target.repoId,
      commit: target.commit ?? null,
      path: target.path ?? null,
      requestedBy: actor.username,
    },
  });
  await audit(db, actor, distribution.teamId, "cache.purge_requested", target.repoId, target);
  return purgeJobView(row);
}

/** The latest purges of the distributions the actor can see (optionally one distribution). */
export async function listPurgeJobs(db: Db, actor: Actor, distributionId?: string): Promise<PurgeJobView[]> {
  // Another team's distribution does not exist for the actor (404), as everywhere else.
  if (distributionId) await distributionFor(db, actor, distributionId, false);
  const rows = await db.purgeJob.findMany({
    where: { distribution: visibleTo(actor), ...(distributionId ? { distributionId } : {}) },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return rows.map(purgeJobView);
}
