import type { Db } from "./client.ts";
import type { Prisma } from "./models.ts";

/**
 * The queries behind the content server's capacity manager: usage per team and for the instance, the
 * least-recently-used files and blobs that may go (never pinned ones), and removing them from the index
 * with a record of each eviction. Deleting bytes is the caller's job (the store), always after checking
 * that nothing in the process uses them.
 */

export type EvictionReason = "quota" | "instance" | "retention";

export interface TeamCapacity {
  teamId: string;
  slug: string;
  /** Null: no quota. */
  quotaBytes: number | null;
  /** Null: no retention limit. */
  retentionDays: number | null;
}

/** A cached file as eviction sees it. */
export interface EvictableFile {
  id: string;
  teamId: string;
  remoteId: string;
  repoType: string;
  repoId: string;
  commit: string;
  path: string;
  blobDigest: string;
  size: number;
  lastAccessedAt: Date;
}

export interface EvictableBlob {
  digest: string;
  size: number;
  lastAccessedAt: Date;
}

/** A pin as the queries need it: `commit` "" is every revision, `path` "" the whole repo. */
export interface PinRow {
  remoteId: string;
  repoType: string;
  repoId: string;
  commit: string;
  path: string;
}

function toNumber(value: bigint | null | undefined): number {
  return Number(value ?? 0n);
}

function teamView(row: {
  id: string;
  slug: string;
  quotaBytes: bigint | null;
  retentionDays: number | null;
}): TeamCapacity {
  return {
    teamId: row.id,
    slug: row.slug,
    quotaBytes: row.quotaBytes === null ? null : Number(row.quotaBytes),
    retentionDays: row.retentionDays,
  };
}

const TEAM_SELECT = { id: true, slug: true, quotaBytes: true, retentionDays: true } as const;

/** The team that owns a remote, with its limits; null when the remote is gone. */
export async function teamOfRemote(db: Db, remoteId: string): Promise<TeamCapacity | null> {
  const remote = await db.remote.findUnique({
    where: { id: remoteId },
    select: { team: { select: TEAM_SELECT } },
  });
  return remote ? teamView(remote.team) : null;
}

/** Teams with a quota or a retention limit. */
export async function limitedTeams(db: Db): Promise<TeamCapacity[]> {
  const rows = await db.team.findMany({
    where: { OR: [{ quotaBytes: { not: null } }, { retentionDays: { not: null } }] },
    select: TEAM_SELECT,
  });
  return rows.map(teamView);
}

/** What a team's remotes have cached: the sum of their files' sizes (shared blobs count for each team). */
export async function teamUsageBytes(db: Db, teamId: string): Promise<number> {
  const sum = await db.cachedFile.aggregate({ where: { remote: { teamId } }, _sum: { size: true } });
  return toNumber(sum._sum.size);
}

/** Every team's usage (teams with nothing cached included), for the metrics and the console. */
export async function usageByTeam(db: Db): Promise<Array<{ teamId: string; slug: string; bytes: number }>> {
  const [teams, remotes, sums] = await Promise.all([
    db.team.findMany({ select: { id: true, slug: true } }),
    db.remote.findMany({ select: { id: true, teamId: true } }),
    db.cachedFile.groupBy({ by: ["remoteId"], _sum: { size: true } }),
  ]);
  const teamOf = new Map(remotes.map((remote) => [remote.id, remote.teamId]));
  const bytes = new Map<string, number>();
  for (const sum of sums) {
    const teamId = teamOf.get(sum.remoteId);
    if (teamId) bytes.set(teamId, (bytes.get(teamId) ?? 0) + toNumber(sum._sum.size));
  }
  return teams.map((team) => ({ teamId: team.id, slug: team.slug, bytes: bytes.get(team.id) ?? 0 }));
}

/** Bytes of every blob in the index: what the instance stores (each shared blob once). */
export async function storedBytes(db: Db): Promise<number> {
  const sum = await db.blob.aggregate({ _sum: { size: true } });
  return toNumber(sum._sum.size);
}

async function pins(db: Db, teamId?: string): Promise<PinRow[]> {
  return db.pin.findMany({
    where: teamId ? { remote: { teamId } } : {},
    select: PIN_SELECT,
  });
}

export const PIN_SELECT = { remoteId: true, repoType: true, repoId: true, commit: true, path: true } as const;

/**
 * Files covered by one of `pins` (a whole repo or a repo at a commit; within it, the file at `path` or
 * every file below the folder `path`); null when there are none.
 */
export function pinnedFiles(rows: PinRow[]): Prisma.CachedFileWhereInput | null {
  if (rows.length === 0) return null;
  return {
    OR: rows.map(({ remoteId, repoType, repoId, commit, path }) => ({
      remoteId,
      repoType,
      repoId,
      ...(commit ? { commit } : {}),
      ...(path ? { OR: [{ path }, { path: { startsWith: `${path}/` } }] } : {}),
    })),
  };
}

function unpinnedTeamFiles(teamId: string, rows: PinRow[]): Prisma.CachedFileWhereInput {
  const pinned = pinnedFiles(rows);
  return { remote: { teamId }, ...(pinned ? { NOT: pinned } : {}) };
}

/** Blobs no pinned file of any team refers to. */
function unpinnedBlobs(rows: PinRow[]): Prisma.BlobWhereInput {
  const pinned = pinnedFiles(rows);
  return pinned ? { files: { none: pinned } } : {};
}

/** Bytes of a team's files that eviction could remove (not pinned). */
export async function evictableTeamBytes(db: Db, teamId: string): Promise<number> {
  const sum = await db.cachedFile.aggregate({
    where: unpinnedTeamFiles(teamId, await pins(db, teamId)),
    _sum: { size: true },
  });
  return toNumber(sum._sum.size);
}

/** Bytes of blobs the instance could evict (no pinned file refers to them). */
export async function evictableStoredBytes(db: Db): Promise<number> {
  const sum = await db.blob.aggregate({ where: unpinnedBlobs(await pins(db)), _sum: { size: true } });
  return toNumber(sum._sum.size);
}

/**
 * A team's unpinned files, least recently used first (optionally only those last used before
 * `usedBefore`), skipping the digests in `skip` (in use in this process).
 */
export async function leastRecentTeamFiles(
  db: Db,
  teamId: string,
  options: { take: number; usedBefore?: Date; skip?: string[] },
): Promise<EvictableFile[]> {
  const rows = await db.cachedFile.findMany({
    where: {
      ...unpinnedTeamFiles(teamId, await pins(db, teamId)),
      ...(options.usedBefore ? { lastAccessedAt: { lt: options.usedBefore } } : {}),
      ...(options.skip?.length ? { blobDigest: { notIn: options.skip } } : {}),
    },
    orderBy: [{ lastAccessedAt: "asc" }, { id: "asc" }],
    take: options.take,
    select: {
      id: true,
      remoteId: true,
      repoType: true,
      repoId: true,
      commit: true,
      path: true,
      blobDigest: true,
      size: true,
      lastAccessedAt: true,
    },
  });
  return rows.map((row) => ({ ...row, teamId, size: Number(row.size) }));
}

/** Unpinned blobs, least recently used first, skipping the digests in `skip`. */
export async function leastRecentBlobs(
  db: Db,
  options: { take: number; skip?: string[] },
): Promise<EvictableBlob[]> {
  const rows = await db.blob.findMany({
    where: {
      ...unpinnedBlobs(await pins(db)),
      ...(options.skip?.length ? { digest: { notIn: options.skip } } : {}),
    },
    orderBy: [{ lastAccessedAt: "asc" }, { digest: "asc" }],
    take: options.take,
    select: { digest: true, size: true, lastAccessedAt: true },
  });
  return rows.map((row) => ({ ...row, size: Number(row.size) }));
}

/**
 * Removes files from the index and records their eviction. Returns the digests of the blobs no file
 * refers to any more (their bytes may go, see `forgetBlobIfUnreferenced`).
 */
export async function evictFiles(db: Db, files: EvictableFile[], reason: EvictionReason): Promise<string[]> {
  if (files.length === 0) return [];
  await db.$transaction([
    db.cachedFile.deleteMany({ where: { id: { in: files.map((file) => file.id) } } }),
    db.evictionEvent.createMany({
      data: files.map((file) => ({
        teamId: file.teamId,
        remoteId: file.remoteId,
        repoType: file.repoType,
        repoId: file.repoId,
        commit: file.commit,
        path: file.path,
        size: BigInt(file.size),
        reason,
      })),
    }),
    // One line per team in its audit log: who made room, why, and how much.
    ...[...groupByTeam(files)].map(([teamId, evicted]) =>
      db.auditEvent.create({
        data: {
          teamId,
          actor: "content server",
          action: "cache.evict",
          target: `${evicted.length} file${evicted.length === 1 ? "" : "s"}`,
          detail: JSON.stringify({
            reason,
            files: evicted.length,
            bytes: evicted.reduce((sum, file) => sum + file.size, 0),
            repos: [...new Set(evicted.map((file) => file.repoId))].slice(0, 20),
          }),
        },
      }),
    ),
  ]);
  const digests = [...new Set(files.map((file) => file.blobDigest))];
  const stillUsed = await db.cachedFile.findMany({
    where: { blobDigest: { in: digests } },
    select: { blobDigest: true },
    distinct: ["blobDigest"],
  });
  const used = new Set(stillUsed.map((row) => row.blobDigest));
  return digests.filter((digest) => !used.has(digest));
}

function groupByTeam(files: EvictableFile[]): Map<string, EvictableFile[]> {
  const byTeam = new Map<string, EvictableFile[]>();
  for (const file of files) byTeam.set(file.teamId, [...(byTeam.get(file.teamId) ?? []), file]);
  return byTeam;
}

/** Every file (of any team) that refers to a blob, for an instance-level eviction of that blob. */
export async function filesOfBlob(db: Db, digest: string): Promise<EvictableFile[]> {
  const rows = await db.cachedFile.findMany({
    where: { blobDigest: digest },
    select: {
      id: true,
      remoteId: true,
      repoType: true,
      repoId: true,
      commit: true,
      path: true,
      blobDigest: true,
      size: true,
      lastAccessedAt: true,
      remote: { select: { teamId: true } },
    },
  });
  return rows.map(({ remote, ...row }) => ({ ...row, teamId: remote.teamId, size: Number(row.size) }));
}

/**
 * Deletes a blob's row if no file refers to it (a file indexed meanwhile keeps it). True if it went.
 */
export async function forgetBlobIfUnreferenced(db: Db, digest: string): Promise<boolean> {
  const { count } = await db.blob.deleteMany({ where: { digest, files: { none: {} } } });
  return count > 0;
}

/** Blob rows no file refers to (left by a purge, a deleted remote or team, or an eviction that yielded). */
export async function unreferencedBlobs(db: Db, take: number, skip: string[] = []): Promise<EvictableBlob[]> {
  const rows = await db.blob.findMany({
    where: { files: { none: {} }, ...(skip.length ? { digest: { notIn: skip } } : {}) },
    orderBy: { digest: "asc" },
    take,
    select: { digest: true, size: true, lastAccessedAt: true },
  });
  return rows.map((row) => ({ ...row, size: Number(row.size) }));
}

/** Blob rows in digest order after `after`, for crash recovery and scrubbing. */
export async function blobPage(
  db: Db,
  after: string | null,
  take: number,
): Promise<Array<{ digest: string; size: number }>> {
  const rows = await db.blob.findMany({
    where: after ? { digest: { gt: after } } : {},
    orderBy: { digest: "asc" },
    take,
    select: { digest: true, size: true },
  });
  return rows.map((row) => ({ digest: row.digest, size: Number(row.size) }));
}

/** Which of `digests` have a blob row. */
export async function indexedDigests(db: Db, digests: string[]): Promise<Set<string>> {
  const rows = await db.blob.findMany({ where: { digest: { in: digests } }, select: { digest: true } });
  return new Set(rows.map((row) => row.digest));
}

/**
 * Drops blobs from the index together with every file that refers to them (their bytes are missing or
 * wrong). Returns how many files went.
 */
export async function dropBlobs(db: Db, digests: string[]): Promise<number> {
  if (digests.length === 0) return 0;
  const [files] = await db.$transaction([
    db.cachedFile.deleteMany({ where: { blobDigest: { in: digests } } }),
    db.blob.deleteMany({ where: { digest: { in: digests } } }),
  ]);
  return files.count;
}

/** Marks a repo's files at a commit (and their blobs) as just used: a pre-fetch touched them. */
export async function touchRepoFiles(
  db: Db,
  repo: { remoteId: string; repoType: string; repoId: string; commit: string },
  at: Date,
): Promise<void> {
  const files = await db.cachedFile.findMany({ where: repo, select: { blobDigest: true } });
  await db.$transaction([
    db.cachedFile.updateMany({ where: repo, data: { lastAccessedAt: at } }),
    db.blob.updateMany({
      where: { digest: { in: [...new Set(files.map((file) => file.blobDigest))] } },
      data: { lastAccessedAt: at },
    }),
  ]);
}

/** Evictions older than `before` are forgotten (the console shows recent ones). */
export async function pruneEvictionEvents(db: Db, before: Date): Promise<number> {
  const { count } = await db.evictionEvent.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}

/** Pins a whole repo (commit "") or a repo at a commit for a remote; pinning twice is a no-op. */
export async function pinRepo(
  db: Db,
  pin: { remoteId: string; repoType: string; repoId: string; commit: string; createdBy: string },
): Promise<void> {
  const { createdBy, ...repo } = pin;
  const key = { ...repo, path: "" };
  await db.pin.upsert({
    where: { remoteId_repoType_repoId_commit_path: key },
    create: { ...key, createdBy },
    update: {},
    select: { id: true },
  });
}
