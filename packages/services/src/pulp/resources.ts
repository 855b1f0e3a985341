import { z } from "zod";
import type { AuditEventView } from "../services/audit-log.ts";
import type { Dashboard, UsageTotals } from "../services/dashboard.ts";
import {
  POLICIES,
  REPO_TYPES,
  ROLES,
  TOKEN_STATUSES,
  type ApiTokenView,
  type CachedFileView,
  type CachedRepo,
  type ContentTokenView,
  type DistributionView,
  type MemberView,
  type PrefetchJobView,
  type RemoteView,
  type TeamView,
} from "../schemas.ts";
import { iso, PULP_API_PREFIX } from "./http.ts";

/**
 * What the REST API answers, as zod schemas: the OpenAPI document's response schemas are generated from
 * these, and every serializer below returns exactly their type.
 */

export const REMOTES = "remotes/hugging_face/hugging-face/";
export const DISTRIBUTIONS = "distributions/hugging_face/hugging-face/";

export const hrefs = {
  remote: (id: string) => `${PULP_API_PREFIX}${REMOTES}${id}/`,
  distribution: (id: string) => `${PULP_API_PREFIX}${DISTRIBUTIONS}${id}/`,
  team: (id: string) => `${PULP_API_PREFIX}teams/${id}/`,
  member: (teamId: string, userId: string) => `${PULP_API_PREFIX}teams/${teamId}/members/${userId}/`,
  token: (id: string) => `${PULP_API_PREFIX}tokens/${id}/`,
  apiToken: (id: string) => `${PULP_API_PREFIX}api-tokens/${id}/`,
  task: (id: string) => `${PULP_API_PREFIX}tasks/${id}/`,
};

/** An object given as its `pulp_href` (or a bare id) → the id. */
export function idOf(value: unknown, collection: string): unknown {
  if (typeof value !== "string") return value;
  const escaped = `${PULP_API_PREFIX}${collection}`.replace(/[.*+?^$()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`^(?:https?://[^/]+)?${escaped}([^/]+)/?$`).exec(value);
  return match ? match[1] : value;
}

const href = z.string().describe("The object's URL path: use it to read, change or delete it");
const time = z.string().describe("ISO 8601 time");
const nullableTime = z.string().nullable().describe("ISO 8601 time, or null");
const tokenStatus = z.enum(TOKEN_STATUSES);
const role = z.enum(ROLES);

export const remoteSchema = z.object({
  pulp_href: href,
  pulp_created: time,
  pulp_last_updated: time,
  name: z.string(),
  hf_hub_url: z.string(),
  policy: z.enum(POLICIES),
  connect_timeout: z.number().describe("seconds"),
  sock_read_timeout: z.number().describe("seconds"),
  include_patterns: z.array(z.string()),
  exclude_patterns: z.array(z.string()),
  hidden_fields: z.array(z.object({ name: z.string(), is_set: z.boolean() })),
});

export function serializeRemote(remote: RemoteView): z.infer<typeof remoteSchema> {
  return {
    pulp_href: hrefs.remote(remote.id),
    pulp_created: remote.createdAt.toISOString(),
    pulp_last_updated: remote.updatedAt.toISOString(),
    name: remote.name,
    hf_hub_url: remote.hubUrl,
    policy: remote.policy,
    connect_timeout: remote.connectTimeoutMs / 1000,
    sock_read_timeout: remote.readTimeoutMs / 1000,
    include_patterns: remote.includePatterns,
    exclude_patterns: remote.excludePatterns,
    // As Pulp does for secrets: never the value, only whether one is set.
    hidden_fields: [{ name: "hf_token", is_set: remote.hfTokenSet }],
  };
}

export const distributionSchema = z.object({
  pulp_href: href,
  pulp_created: time,
  pulp_last_updated: time,
  name: z.string(),
  base_path: z.string(),
  base_url: z.string().describe("Where clients download from (HF_ENDPOINT)"),
  remote: z.string().describe("The remote's pulp_href"),
  public: z.boolean(),
  warnings: z.array(z.string()),
});

export function serializeDistribution(
  distribution: DistributionView,
  contentUrl: string,
): z.infer<typeof distributionSchema> {
  return {
    pulp_href: hrefs.distribution(distribution.id),
    pulp_created: distribution.createdAt.toISOString(),
    pulp_last_updated: distribution.updatedAt.toISOString(),
    name: distribution.name,
    base_path: distribution.basePath,
    base_url: `${contentUrl.replace(/\/+$/, "")}/pulp/content/${distribution.basePath}/`,
    remote: hrefs.remote(distribution.remoteId),
    public: distribution.isPublic,
    // E.g. public over a remote with an HF token: said where the choice is made, in every answer.
    warnings: distribution.warnings,
  };
}

export const teamSchema = z.object({
  pulp_href: href,
  pulp_created: time,
  name: z.string(),
  slug: z.string().describe("Give it as `team` where an object is created"),
  role: role.describe("The caller's role in the team"),
  member_count: z.number().int(),
});

export function serializeTeam(team: TeamView): z.infer<typeof teamSchema> {
  return {
    pulp_href: hrefs.team(team.id),
    pulp_created: team.createdAt.toISOString(),
    name: team.name,
    slug: team.slug,
    role: team.role,
    member_count: team.memberCount,
  };
}

export const memberSchema = z.object({
  pulp_href: href,
  pulp_created: time,
  username: z.string(),
  role,
});

export function serializeMember(teamId: string, member: MemberView): z.infer<typeof memberSchema> {
  return {
    pulp_href: hrefs.member(teamId, member.userId),
    pulp_created: member.createdAt.toISOString(),
    username: member.username,
    role: member.role,
  };
}

export const userSchema = z.object({ username: z.string() });

export const meSchema = z.object({
  username: z.string(),
  instance_admin: z.boolean().describe("May create users and point remotes anywhere"),
  teams: z.array(teamSchema),
});

export const contentTokenSchema = z.object({
  pulp_href: href,
  pulp_created: time,
  name: z.string(),
  team: z.string().describe("The team's slug"),
  last_used_at: nullableTime,
  expires_at: nullableTime,
  revoked_at: nullableTime,
  status: tokenStatus,
});

export const createdContentTokenSchema = contentTokenSchema.extend({
  token: z.string().describe("The secret: shown in this answer only"),
});

export function serializeContentToken(token: ContentTokenView): z.infer<typeof contentTokenSchema> {
  return {
    pulp_href: hrefs.token(token.id),
    pulp_created: token.createdAt.toISOString(),
    name: token.name,
    team: token.teamSlug,
    last_used_at: iso(token.lastUsedAt),
    expires_at: iso(token.expiresAt),
    revoked_at: iso(token.revokedAt),
    status: token.status,
  };
}

export const apiTokenSchema = contentTokenSchema.omit({ team: true });
export const createdApiTokenSchema = apiTokenSchema.extend({
  token: z.string().describe("The secret (`Authorization: Bearer`): shown in this answer only"),
});

export function serializeApiToken(token: ApiTokenView): z.infer<typeof apiTokenSchema> {
  return {
    pulp_href: hrefs.apiToken(token.id),
    pulp_created: token.createdAt.toISOString(),
    name: token.name,
    last_used_at: iso(token.lastUsedAt),
    expires_at: iso(token.expiresAt),
    revoked_at: iso(token.revokedAt),
    status: token.status,
  };
}

export const cachedRepoSchema = z.object({
  repo_type: z.enum(REPO_TYPES),
  repo: z.string(),
  files: z.number().int(),
  bytes: z.number().int(),
  commits: z.number().int(),
  revisions: z.array(z.object({ revision: z.string(), commit: z.string(), fetched_at: time })),
});

export function serializeCachedRepo(repo: CachedRepo): z.infer<typeof cachedRepoSchema> {
  return {
    repo_type: repo.repoType as z.infer<typeof cachedRepoSchema>["repo_type"],
    repo: repo.repoId,
    files: repo.files,
    bytes: repo.bytes,
    commits: repo.commits,
    revisions: repo.revisions.map((revision) => ({
      revision: revision.revision,
      commit: revision.commit,
      fetched_at: revision.fetchedAt.toISOString(),
    })),
  };
}

export const cachedFileSchema = z.object({
  repo_type: z.enum(REPO_TYPES),
  repo: z.string(),
  commit: z.string(),
  path: z.string(),
  size: z.number().int(),
  lfs: z.boolean(),
  hits: z.number().int().describe("Downloads served from the cache"),
  cached_at: time,
});

export function serializeCachedFile(
  repo: { repoType: string; repoId: string },
  file: CachedFileView,
): z.infer<typeof cachedFileSchema> {
  return {
    repo_type: repo.repoType as z.infer<typeof cachedFileSchema>["repo_type"],
    repo: repo.repoId,
    commit: file.commit,
    path: file.path,
    size: file.size,
    lfs: file.lfs,
    hits: file.hits,
    cached_at: file.cachedAt.toISOString(),
  };
}

export const TASK_STATES = ["waiting", "running", "completed", "failed", "canceled"] as const;
export type TaskState = (typeof TASK_STATES)[number];
const STATE_OF: Record<PrefetchJobView["status"], TaskState> = {
  queued: "waiting",
  running: "running",
  done: "completed",
  failed: "failed",
  canceled: "canceled",
};
/** Task states → the pre-fetch job statuses behind them. */
export const STATUSES_OF: Record<TaskState, PrefetchJobView["status"]> = {
  waiting: "queued",
  running: "running",
  completed: "done",
  failed: "failed",
  canceled: "canceled",
};

const progressReport = z.object({
  message: z.string(),
  code: z.enum(["prefetch.files", "prefetch.bytes"]),
  state: z.enum(TASK_STATES),
  total: z.number().int(),
  done: z.number().int(),
});

export const taskSchema = z.object({
  pulp_href: href,
  pulp_created: time,
  pulp_last_updated: time,
  name: z.literal("hubcache.prefetch"),
  state: z.enum(TASK_STATES),
  distribution: z.string().describe("The distribution's pulp_href"),
  repo_type: z.enum(REPO_TYPES),
  repo: z.string(),
  revision: z.string(),
  commit: z.string().nullable().describe("What the revision resolved to, once known"),
  requested_by: z.string(),
  progress_reports: z.array(progressReport),
  error: z.object({ description: z.string() }).nullable(),
});

export function serializeTask(job: PrefetchJobView): z.infer<typeof taskSchema> {
  const state = STATE_OF[job.status];
  return {
    pulp_href: hrefs.task(job.id),
    pulp_created: job.createdAt.toISOString(),
    pulp_last_updated: job.updatedAt.toISOString(),
    name: "hubcache.prefetch",
    state,
    distribution: hrefs.distribution(job.distributionId),
    repo_type: job.repoType as z.infer<typeof taskSchema>["repo_type"],
    repo: job.repoId,
    revision: job.revision,
    commit: job.commit,
    requested_by: job.requestedBy,
    progress_reports: [
      {
        message: "Fetching files",
        code: "prefetch.files",
        state,
        total: job.totalFiles,
        done: job.doneFiles,
      },
      {
        message: "Fetching bytes",
        code: "prefetch.bytes",
        state,
        total: job.totalBytes,
        done: job.doneBytes,
      },
    ],
    error: job.error === null ? null : { description: job.error },
  };
}

export const taskRefSchema = z.object({ task: z.string().describe("The task's pulp_href") });

const totals = z.object({
  requests: z.number().int(),
  hits: z.number().int(),
  misses: z.number().int(),
  hit_ratio: z.number().nullable().describe("hits / (hits + misses); null before any download"),
  bytes_from_cache: z.number().int(),
  bytes_from_upstream: z.number().int(),
});

function serializeTotals(t: UsageTotals): z.infer<typeof totals> {
  return {
    requests: t.requests,
    hits: t.hits,
    misses: t.misses,
    hit_ratio: t.hitRatio,
    bytes_from_cache: t.bytesFromCache,
    bytes_from_upstream: t.bytesFromUpstream,
  };
}

export const usageSchema = z.object({
  since: time,
  totals,
  daily: z.array(totals.extend({ day: z.string().describe("YYYY-MM-DD (UTC)") })),
  distributions: z.array(totals.extend({ distribution: z.string(), name: z.string() })),
  storage_by_team: z.array(z.object({ team: z.string(), bytes: z.number().int(), files: z.number().int() })),
  top_repos: z.array(
    z.object({ repo_type: z.string(), repo: z.string(), bytes: z.number().int(), files: z.number().int() }),
  ),
});

export function serializeUsage(dashboard: Dashboard): z.infer<typeof usageSchema> {
  return {
    since: dashboard.since.toISOString(),
    totals: serializeTotals(dashboard.totals),
    daily: dashboard.daily.map((day) => ({ day: day.day, ...serializeTotals(day) })),
    distributions: dashboard.distributions.map((d) => ({
      distribution: hrefs.distribution(d.id),
      name: d.name,
      ...serializeTotals(d),
    })),
    storage_by_team: dashboard.storageByTeam.map((t) => ({ team: t.team, bytes: t.bytes, files: t.files })),
    top_repos: dashboard.topRepos.map((r) => ({
      repo_type: r.repoType,
      repo: r.repoId,
      bytes: r.bytes,
      files: r.files,
    })),
  };
}

export const auditEventSchema = z.object({
  id: z.string(),
  team: z.string().nullable(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
  created_at: time,
});

export function serializeAuditEvent(event: AuditEventView): z.infer<typeof auditEventSchema> {
  return {
    id: event.id,
    team: event.team,
    actor: event.actor,
    action: event.action,
    target: event.target,
    detail: event.detail,
    created_at: event.createdAt.toISOString(),
  };
}

export const statusSchema = z.object({
  database: z.object({ online: z.boolean() }),
  content_servers: z.array(
    z.object({
      /** The server's instance id (null: not registered, only probed at CONTENT_PUBLIC_URL). */
      id: z.string().nullable(),
      /** Its internal URL: the instance admin only (null for others); CONTENT_PUBLIC_URL when probed. */
      url: z.string().nullable(),
      online: z.boolean(),
      latency_ms: z.number().nullable(),
      version: z.string().nullable(),
      heartbeat_at: z.string().nullable(),
      fills_in_flight: z.number().int().nullable(),
      /** CACHE_MAX_BYTES of that server (null: no limit but the free-space floor, or unknown). */
      cache_max_bytes: z.number().int().nullable(),
      /** Upstreams this server has marked offline or online again (by origin; for users other than the
       * instance admin, those of their teams' remotes). */
      upstreams: z.record(z.string(), z.enum(["online", "offline"])),
    }),
  ),
  usage: totals.extend({ days: z.number().int() }),
  storage: z.object({ bytes: z.number().int(), files: z.number().int() }),
  tasks: z.object({ waiting: z.number().int(), running: z.number().int() }),
});

/** `{count, next, previous, results}` of an item schema. */
export function pageOf(item: z.ZodType) {
  return z.object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}
