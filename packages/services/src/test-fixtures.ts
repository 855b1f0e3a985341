import { DEFAULT_TEAM_SLUG, SecretBox, type Db } from "@hubcache/db";
import { randomBytes } from "node:crypto";
import { AppError } from "./errors.ts";
import type { z } from "zod";
import type { DistributionUpdate, RemoteUpdate, remoteInputSchema } from "./schemas.ts";
import { audit, type Actor } from "./services/access.ts";
import type { RemoteView } from "./schemas.ts";
import type { RemoteOptions } from "./services/remotes.ts";
import { createPulpApi } from "./pulp/api.ts";

export const secrets = SecretBox.fromSecret("api-tests");

/**
 * The REMOTE_URL_ALLOWLIST of the tests: the default, the made-up hosts of the tables, and the loopback
 * the stand-in Hub listens on.
 */
export const TEST_URL_ALLOWLIST = ["https://huggingface.co", "https://*.example.com", "http://127.0.0.1:*"];

/** What the remote services are given in the tests. */
export const remoteOptions: RemoteOptions = { secrets, urlAllowlist: TEST_URL_ALLOWLIST };

/**
 * The REST API as the tests call it: `callers` maps an Authorization header to the user it stands for
 * (real credential checks are the web app's); no content server answers its health check.
 */
/**
 * The REST API on a test database; `callers` maps an Authorization header to its user (the web app's
 * credential checks are tested there). `authenticate` replaces that lookup where a test needs to.
 */
export function testPulpApi(
  db: Db,
  callers: Map<string, Actor>,
  authenticate?: (request: Request) => Promise<Actor | null>,
): (request: Request) => Promise<Response> {
  return createPulpApi({
    db,
    secrets,
    urlAllowlist: TEST_URL_ALLOWLIST,
    contentUrl: "http://cache.test:8080",
    hashPassword: async (password) => `test-hash:${password}`,
    probeContentServer: async () => false,
    authenticate:
      authenticate ?? (async (request) => callers.get(request.headers.get("authorization") ?? "") ?? null),
  });
}

/** A user (as an Actor) who is `role` in a new team. */
export async function userInTeam(
  db: Db,
  role: "owner" | "admin" | "member" = "owner",
  teamId?: string,
): Promise<Actor & { teamId: string }> {
  const suffix = randomBytes(4).toString("hex");
  const team = teamId
    ? { id: teamId }
    : await db.team.create({ data: { name: `team-${suffix}`, slug: `team-${suffix}` } });
  const username = `user-${suffix}`;
  const user = await db.user.create({ data: { username, name: username, email: `${username}@users.test` } });
  await db.membership.create({ data: { teamId: team.id, userId: user.id, role } });
  return { userId: user.id, username: user.username, teamId: team.id };
}

/** The instance admin: an owner of the `default` team (created when missing). */
export async function instanceAdmin(db: Db): Promise<Actor & { teamId: string }> {
  const team =
    (await db.team.findUnique({ where: { slug: DEFAULT_TEAM_SLUG } })) ??
    (await db.team.create({ data: { name: "Default", slug: DEFAULT_TEAM_SLUG } }));
  return userInTeam(db, "owner", team.id);
}

/** The AppError a call is refused with (fails the test if it succeeds or throws anything else). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/**
 * A remote with every field away from its default, so that a field an update wrongly resets shows.
 * Used by the PATCH/PUT tables of the services, the REST API and tRPC.
 */
export const REMOTE_START = {
  name: "start",
  hubUrl: "https://hub.example.com",
  hfToken: "hf_start_token",
  policy: "streamed",
  connectTimeoutMs: 1_500,
  readTimeoutMs: 2_500,
  includePatterns: ["org/*"],
  excludePatterns: ["org/secret-*"],
} satisfies z.input<typeof remoteInputSchema>;

/** The stored HF token after a change (the view only tells whether one is set). */
type TokenAfter = { token: string | null };

/** One change per remote field (a PATCH sends only it): the value sent, what the view then shows. */
export const REMOTE_FIELD_CHANGES: Array<{
  field: keyof RemoteUpdate;
  value: unknown;
  shows: Partial<RemoteView> & TokenAfter;
}> = [
  { field: "name", value: "renamed", shows: { name: "renamed", token: "hf_start_token" } },
  // Same origin, so the token stays (another origin clears it: tested on its own).
  {
    field: "hubUrl",
    value: "https://hub.example.com/mirror/",
    shows: { hubUrl: "https://hub.example.com/mirror", token: "hf_start_token" },
  },
  { field: "hfToken", value: "hf_other_token", shows: { hfTokenSet: true, token: "hf_other_token" } },
  { field: "hfToken", value: null, shows: { hfTokenSet: false, token: null } },
  { field: "policy", value: "immediate", shows: { policy: "immediate", token: "hf_start_token" } },
  { field: "connectTimeoutMs", value: 3_000, shows: { connectTimeoutMs: 3_000, token: "hf_start_token" } },
  { field: "readTimeoutMs", value: 4_000, shows: { readTimeoutMs: 4_000, token: "hf_start_token" } },
  {
    field: "includePatterns",
    value: ["other/*"],
    shows: { includePatterns: ["other/*"], token: "hf_start_token" },
  },
  { field: "excludePatterns", value: [], shows: { excludePatterns: [], token: "hf_start_token" } },
];

/** One bad value per remote field: refused with a message for that field, and nothing changes. */
export const REMOTE_FIELD_INVALID: Array<{ field: keyof RemoteUpdate; value: unknown }> = [
  { field: "name", value: "bad name!" },
  { field: "hubUrl", value: "ftp://hub.example.com" },
  { field: "hfToken", value: 42 },
  { field: "policy", value: "sometimes" },
  { field: "connectTimeoutMs", value: 5 },
  { field: "readTimeoutMs", value: "soon" },
  { field: "includePatterns", value: ["no spaces"] },
  { field: "excludePatterns", value: "org/*" },
];

/** What a remote shows after `create(REMOTE_START)`, minus ids and dates. */
export const REMOTE_START_VIEW = {
  name: REMOTE_START.name,
  hubUrl: REMOTE_START.hubUrl,
  hfTokenSet: true,
  policy: REMOTE_START.policy,
  connectTimeoutMs: REMOTE_START.connectTimeoutMs,
  readTimeoutMs: REMOTE_START.readTimeoutMs,
  includePatterns: [...REMOTE_START.includePatterns],
  excludePatterns: [...REMOTE_START.excludePatterns],
} satisfies Partial<RemoteView>;

/** Every distribution field away from its default; `remoteId` and `basePath` are filled per test. */
export const DISTRIBUTION_START = { name: "start", isPublic: false } as const;

/** One change per distribution field; `remoteId` / `basePath` values are given per test (unique). */
export const DISTRIBUTION_FIELD_CHANGES: Array<{
  field: keyof DistributionUpdate;
  value?: unknown;
}> = [
  { field: "name", value: "renamed" },
  { field: "basePath" },
  { field: "remoteId" },
  { field: "isPublic", value: true },
];

export const DISTRIBUTION_FIELD_INVALID: Array<{ field: keyof DistributionUpdate; value: unknown }> = [
  { field: "name", value: "bad name!" },
  { field: "basePath", value: "Not URL safe" },
  { field: "remoteId", value: "no-such-remote" },
  { field: "isPublic", value: "yes" },
];

/** The ids a tenancy test passes to the routes and procedures of one team (see tenancyWorld). */
export interface TenancyIds {
  teamId: string;
  /** Has an HF token and serves `distributionId`. */
  remoteId: string;
  /** Serves no distribution (so it can be deleted); shares the cached blob. */
  spareRemoteId: string;
  distributionId: string;
  tokenId: string;
  /** A plain member whose role is changed or who is removed. */
  targetUserId: string;
  /** A user in no team, to be added. */
  newcomer: string;
  /** The repo cached through `remoteId` (one file, at `commit`). */
  repoId: string;
  commit: string;
  /** A pre-fetch job (a REST task) of `distributionId`, queued. */
  jobId: string;
  /** A personal API token of `admin` (nobody else's). */
  apiTokenId: string;
  /** A pin of `repoId` at `commit` in `distributionId`'s remote. */
  pinId: string;
}

/**
 * One team with every kind of row, as the tenancy tests need it: its owner, an admin, a plain member and
 * a member to act on; a remote with a token and a spare one; a private distribution; a content token; a
 * cached file (its blob shared with the spare remote, so that a purge removes no bytes from storage); a
 * pre-fetch job. `stranger` owns another team (full rights there, none here). `markers` are the ids and
 * names of this team's rows: none may appear in an answer to the stranger.
 */
export async function tenancyWorld(db: Db): Promise<{
  owner: Actor;
  admin: Actor;
  member: Actor;
  stranger: Actor;
  ids: TenancyIds;
  markers: string[];
}> {
  const owner = await userInTeam(db);
  const { teamId } = owner;
  const admin = await userInTeam(db, "admin", teamId);
  const member = await userInTeam(db, "member", teamId);
  const target = await userInTeam(db, "member", teamId);
  const stranger = await userInTeam(db);
  const suffix = randomBytes(4).toString("hex");
  const newcomer = `newcomer-${suffix}`;
  await db.user.create({ data: { username: newcomer, name: newcomer, email: `${newcomer}@users.test` } });
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId } });
  const remote = await db.remote.create({
    data: {
      teamId,
      name: `remote-${suffix}`,
      // Nothing listens on port 9: a test connection answers "unreachable" at once.
      hubUrl: "http://127.0.0.1:9",
      hfTokenEncrypted: secrets.seal(`hf_${suffix}`),
    },
  });
  const spare = await db.remote.create({ data: { teamId, name: `spare-${suffix}` } });
  const distribution = await db.distribution.create({
    data: {
      teamId,
      name: `dist-${suffix}`,
      basePath: `tenancy-${suffix}`,
      remoteId: remote.id,
      isPublic: false,
    },
  });
  const token = await db.contentToken.create({
    data: { teamId, name: `token-${suffix}`, secretHash: `hash-${suffix}` },
  });
  const repoId = `org/model-${suffix}`;
  const commit = randomBytes(20).toString("hex");
  const digest = randomBytes(32).toString("hex");
  await db.blob.create({ data: { digest, size: 3n, storageKey: digest } });
  for (const remoteId of [remote.id, spare.id]) {
    await db.cachedFile.create({
      data: {
        remoteId,
        repoType: "model",
        repoId,
        commit,
        path: `weights-${suffix}.bin`,
        blobDigest: digest,
        etag: `"${digest}"`,
        size: 3n,
        lfs: true,
      },
    });
  }
  const job = await db.prefetchJob.create({
    data: {
      distributionId: distribution.id,
      repoType: "model",
      repoId,
      revision: "main",
      requestedBy: owner.username,
    },
  });
  const apiToken = await db.apiToken.create({
    data: { userId: admin.userId, name: `api-token-${suffix}`, secretHash: `api-hash-${suffix}` },
  });
  const pin = await db.pin.create({
    data: { remoteId: remote.id, repoType: "model", repoId, commit, createdBy: owner.username },
  });
  await audit(db, owner, teamId, "remote.create", remote.name);
  return {
    owner,
    admin,
    member,
    stranger,
    ids: {
      teamId,
      remoteId: remote.id,
      spareRemoteId: spare.id,
      distributionId: distribution.id,
      tokenId: token.id,
      targetUserId: target.userId,
      newcomer,
      repoId,
      commit,
      jobId: job.id,
      apiTokenId: apiToken.id,
      pinId: pin.id,
    },
    markers: [
      teamId,
      team.slug,
      ...[owner, admin, member, target].flatMap((user) => [user.userId, user.username]),
      remote.id,
      spare.id,
      distribution.id,
      token.id,
      job.id,
      apiToken.id,
      pin.id,
      suffix,
      commit,
    ],
  };
}

/** The same ids, none of which exists: what another team's ids must look like to a stranger. */
export function ghostIds(ids: TenancyIds): TenancyIds {
  const ghost = (label: string) => `ghost-${label}-${randomBytes(6).toString("hex")}`;
  return {
    ...ids,
    teamId: ghost("team"),
    remoteId: ghost("remote"),
    spareRemoteId: ghost("spare"),
    distributionId: ghost("distribution"),
    tokenId: ghost("token"),
    targetUserId: ghost("user"),
    jobId: ghost("job"),
    apiTokenId: ghost("api-token"),
    pinId: ghost("pin"),
  };
}

/** Every row of every table, in a stable order: compared before and after a refused call. */
export async function dbSnapshot(db: Db) {
  const byId = { orderBy: { id: "asc" } } as const;
  const [teams, users, memberships, remotes, distributions, contentTokens, auditEvents] = await Promise.all([
    db.team.findMany(byId),
    db.user.findMany(byId),
    db.membership.findMany(byId),
    db.remote.findMany(byId),
    db.distribution.findMany(byId),
    db.contentToken.findMany(byId),
    db.auditEvent.findMany(byId),
  ]);
  const [cachedFiles, blobs, revisions, apiCache, prefetchJobs, usage, apiTokens, sessions, accounts] =
    await Promise.all([
      db.cachedFile.findMany(byId),
      db.blob.findMany({ orderBy: { digest: "asc" } }),
      db.revisionCache.findMany(byId),
      db.apiCache.findMany(byId),
      db.prefetchJob.findMany(byId),
      db.usageHour.findMany(byId),
      db.apiToken.findMany(byId),
      db.session.findMany(byId),
      db.account.findMany(byId),
    ]);
  return {
    teams,
    users,
    memberships,
    remotes,
    distributions,
    contentTokens,
    auditEvents,
    cachedFiles,
    blobs,
    revisions,
    apiCache,
    prefetchJobs,
    usage,
    apiTokens,
    sessions,
    accounts,
  };
}
