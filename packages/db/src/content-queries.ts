import type { Db } from "./client.ts";
import { parsePatterns, parseRemotePolicy, type RemotePolicy } from "./enums.ts";
import { isUniqueViolation } from "./errors.ts";
import type { SecretBox } from "./secret-box.ts";
import type { ContentToken } from "./models.ts";

/** A remote's settings as the content server serves them (its token aside). */
export interface RemoteSettings {
  id: string;
  name: string;
  hubUrl: string;
  policy: RemotePolicy;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  includePatterns: string[];
  excludePatterns: string[];
}

/** A remote as stored: its HF token sealed with SecretBox (open it only where the upstream call is made). */
export interface StoredRemote extends RemoteSettings {
  hfTokenEncrypted: string | null;
}

/** A distribution with its remote: the content server's routing table (`R`: the remote as it is held). */
export interface DistributionRoute<R extends RemoteSettings = StoredRemote> {
  id: string;
  name: string;
  teamId: string;
  basePath: string;
  isPublic: boolean;
  remote: R;
}

/** Every distribution with its remote, ordered by basePath: the content server's routing table. */
export async function listDistributions(db: Db): Promise<DistributionRoute[]> {
  const rows = await db.distribution.findMany({
    orderBy: { basePath: "asc" },
    select: {
      id: true,
      name: true,
      teamId: true,
      basePath: true,
      isPublic: true,
      remote: {
        select: {
          id: true,
          name: true,
          hubUrl: true,
          hfTokenEncrypted: true,
          policy: true,
          connectTimeoutMs: true,
          readTimeoutMs: true,
          includePatterns: true,
          excludePatterns: true,
        },
      },
    },
  });
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    teamId: d.teamId,
    basePath: d.basePath,
    isPublic: d.isPublic,
    remote: {
      ...d.remote,
      policy: parseRemotePolicy(d.remote.policy),
      includePatterns: parsePatterns(d.remote.includePatterns, `includePatterns of remote ${d.remote.id}`),
      excludePatterns: parsePatterns(d.remote.excludePatterns, `excludePatterns of remote ${d.remote.id}`),
    },
  }));
}

/** The team's token with this secret hash, unless it is revoked or expired (at `now`). */
export async function findActiveContentToken(
  db: Db,
  teamId: string,
  secretHash: string,
  now: Date = new Date(),
): Promise<ContentToken | null> {
  return db.contentToken.findFirst({
    where: {
      teamId,
      secretHash,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
  });
}

/** Records a use of the token (no error if it was deleted meanwhile). */
export async function touchContentToken(db: Db, id: string, now: Date = new Date()): Promise<void> {
  await db.contentToken.updateMany({ where: { id }, data: { lastUsedAt: now } });
}

export interface BootstrapOptions {
  /** Upstream for the default remote, e.g. https://huggingface.co. */
  hubUrl: string;
  /** Optional HF token for the default remote; stored sealed. */
  hubToken?: string;
  secretBox: SecretBox;
}

export const DEFAULT_TEAM_SLUG = "default";
export const DEFAULT_REMOTE_NAME = "huggingface";
export const DEFAULT_DISTRIBUTION_BASE_PATH = "huggingface";

/**
 * First start: when the database has no team at all, creates team "default" with remote "huggingface"
 * (on_demand) and the public distribution "huggingface" at basePath "huggingface", in one transaction.
 * Returns true if it created them. Idempotent; when several processes race, exactly one creates (the
 * others hit the unique team slug and return false).
 */
export async function bootstrapDefaults(db: Db, options: BootstrapOptions): Promise<boolean> {
  // "Empty" means nothing to serve yet: the web app may already have created the default team (with its
  // admin) on a first start, but no remote or distribution.
  if ((await db.remote.count()) > 0 || (await db.distribution.count()) > 0) return false;
  const hfTokenEncrypted = options.hubToken ? options.secretBox.seal(options.hubToken) : null;
  // Read before the transaction: on SQLite a transaction that reads and then writes can deadlock with
  // another process doing the same; inside, only writes (the loser of a race gets a unique violation).
  const existingTeam = await db.team.findUnique({ where: { slug: DEFAULT_TEAM_SLUG }, select: { id: true } });
  try {
    await db.$transaction(async (tx) => {
      const team =
        existingTeam ??
        (await tx.team.create({ data: { name: "Default", slug: DEFAULT_TEAM_SLUG }, select: { id: true } }));
      const remote = await tx.remote.create({
        data: {
          teamId: team.id,
          name: DEFAULT_REMOTE_NAME,
          hubUrl: options.hubUrl,
          hfTokenEncrypted,
          policy: "on_demand",
        },
        select: { id: true },
      });
      await tx.distribution.create({
        data: {
          teamId: team.id,
          remoteId: remote.id,
          name: DEFAULT_REMOTE_NAME,
          basePath: DEFAULT_DISTRIBUTION_BASE_PATH,
          isPublic: true,
        },
        select: { id: true },
      });
    });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
