import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from "@hubcache/db/account-rules";
import { MEMBERSHIP_ROLES, REMOTE_POLICIES, type RemotePolicy } from "@hubcache/db/enums";
import { normalizeRemoteUrl, remoteUrlProblem } from "./remote-url.ts";

/**
 * The one set of input schemas: the REST API, tRPC and the console's forms all validate with these.
 * Field names are the domain's (camelCase); the Pulp REST layer maps its snake_case names onto them.
 */

export { REMOTE_POLICIES as POLICIES } from "@hubcache/db/enums";
export const POLICY_DESCRIPTIONS: Record<RemotePolicy, string> = {
  on_demand: "Fetch each file from the Hub on its first request and keep it.",
  streamed: "Proxy each request to the Hub without keeping the bytes.",
  immediate: "Like on_demand, and the first request for a repo fetches its whole snapshot ahead of use.",
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const BASE_PATH_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** Paths the content server answers itself, or that would shadow the Pulp prefix. */
const RESERVED_FIRST_SEGMENTS = new Set(["api", "pulp", "healthz", "metrics", "_next"]);

export const nameSchema = z
  .string()
  .trim()
  .regex(NAME, "Use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.");

/** http(s) only, no user info, query or fragment; stored normalised (lower-case host, no trailing slash). */
export const hubUrlSchema = z
  .string()
  .trim()
  .transform((url, ctx) => {
    const problem = remoteUrlProblem(url);
    if (problem === null) return normalizeRemoteUrl(url);
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  });

const repoPattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.*\-/]+$/, "Patterns may use letters, digits, '.', '_', '-', '/' and '*'.");

/** The remote's fields without defaults: what an update (PATCH) may send, each one optional. */
const remoteFields = {
  name: nameSchema,
  hubUrl: hubUrlSchema,
  /** Write-only. Omitted: unchanged; null or "": removed. */
  hfToken: z.string().trim().max(500).nullable().optional(),
  policy: z.enum(REMOTE_POLICIES),
  connectTimeoutMs: z.number().int().min(100).max(120_000),
  readTimeoutMs: z.number().int().min(100).max(600_000),
  includePatterns: z.array(repoPattern).max(100),
  excludePatterns: z.array(repoPattern).max(100),
};

/** A whole remote (create, PUT): omitted fields take their defaults (the HF token stays write-only). */
export const remoteInputSchema = z.object({
  ...remoteFields,
  hubUrl: remoteFields.hubUrl.default("https://huggingface.co"),
  policy: remoteFields.policy.default("on_demand"),
  connectTimeoutMs: remoteFields.connectTimeoutMs.default(10_000),
  readTimeoutMs: remoteFields.readTimeoutMs.default(60_000),
  includePatterns: remoteFields.includePatterns.default([]),
  excludePatterns: remoteFields.excludePatterns.default([]),
});
export type RemoteInput = z.infer<typeof remoteInputSchema>;

/**
 * A partial update (PATCH, the console's edit): only the fields sent change. Built from the fields
 * without their defaults: `.partial()` of a schema with defaults would fill every omitted field in.
 */
export const remoteUpdateSchema = z.object(remoteFields).partial();
export type RemoteUpdate = z.infer<typeof remoteUpdateSchema>;

export const basePathSchema = z
  .string()
  .trim()
  .transform((path) => path.replace(/^\/+|\/+$/g, ""))
  .pipe(
    z
      .string()
      .min(1, "Enter a base path.")
      .max(200, "At most 200 characters.")
      .refine(
        (path) => path.split("/").every((segment) => BASE_PATH_SEGMENT.test(segment)),
        "Use lowercase URL-safe segments (a-z, 0-9, '.', '_', '-') separated by '/'.",
      )
      .refine(
        (path) => !RESERVED_FIRST_SEGMENTS.has(path.split("/")[0] ?? ""),
        "This base path is reserved by the content server.",
      ),
  );

const distributionFields = {
  name: nameSchema,
  basePath: basePathSchema,
  remoteId: z.string().min(1, "Choose a remote."),
  isPublic: z.boolean(),
};

/** A whole distribution (create, PUT): omitted fields take their defaults. */
export const distributionInputSchema = z.object({
  ...distributionFields,
  isPublic: distributionFields.isPublic.default(true),
});
export type DistributionInput = z.infer<typeof distributionInputSchema>;

/** A partial update (PATCH, the console's edit): only the fields sent change. */
export const distributionUpdateSchema = z.object(distributionFields).partial();
export type DistributionUpdate = z.infer<typeof distributionUpdateSchema>;

/**
 * A public distribution serves anyone who reaches the content server; upstream calls carry the remote's
 * HF token. Together, every private or gated repo that token can read is public.
 */
export const PUBLIC_WITH_TOKEN_WARNING =
  "This distribution is public and its remote has an HF token: anyone who can reach the content server can download every private or gated repo that token can read. Make the distribution private (clients then need an access token) or remove the token from the remote.";

/** What to tell whoever makes or looks at a distribution (the REST API's `warnings`, the console's form). */
export function distributionWarnings(distribution: { isPublic: boolean; remoteHasToken: boolean }): string[] {
  return distribution.isPublic && distribution.remoteHasToken ? [PUBLIC_WITH_TOKEN_WARNING] : [];
}

/** Which page of a list: `limit` items after the first `offset` (coerced: query strings send text). */
export const pagingSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A page of a list of named objects, optionally only the one with this name. */
export const pageSchema = pagingSchema.extend({ name: z.string().optional() });
export type PageInput = z.infer<typeof pageSchema>;

export { MEMBERSHIP_ROLES as ROLES, type MembershipRole as Role } from "@hubcache/db/enums";
export const roleSchema = z.enum(MEMBERSHIP_ROLES, "Choose owner, admin or member.");

export const teamInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a team name.").max(100, "At most 100 characters."),
});
export type TeamInput = z.infer<typeof teamInputSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, "Use 3-30 of a-z, 0-9, '_' and '.'.");

export const memberInputSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, "Enter a username.").max(100, "At most 100 characters."),
  role: roleSchema.default("member"),
});
export type MemberInput = z.infer<typeof memberInputSchema>;

export const userInputSchema = z.object({
  username: usernameSchema,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `At most ${MAX_PASSWORD_LENGTH} characters.`),
});
export type UserInput = z.infer<typeof userInputSchema>;

/** A date (`YYYY-MM-DD` or ISO) in the future; empty means "never expires". */
export const expiresAtSchema = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.coerce
    .date("Enter a date.")
    .refine((date) => date.getTime() > Date.now(), "Choose a date in the future.")
    .optional(),
);

export const contentTokenInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
  expiresAt: expiresAtSchema,
});
export type ContentTokenInput = z.infer<typeof contentTokenInputSchema>;

export const REPO_TYPES = ["model", "dataset", "space"] as const;

const REPO_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,95})?$/;

export const prefetchInputSchema = z.object({
  distributionId: z.string().min(1, "Choose a distribution."),
  repoType: z.enum(REPO_TYPES).default("model"),
  repoId: z
    .string()
    .trim()
    .regex(REPO_ID, "Enter a repo id such as org/name or gpt2.")
    .refine((id) => !id.includes(".."), "Enter a repo id such as org/name or gpt2."),
  revision: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.\-/]{1,255}$/, "Enter a branch, tag or commit.")
    .default("main"),
});
export type PrefetchInput = z.infer<typeof prefetchInputSchema>;

/** A pre-fetch from the console's form, which may pin what it fetches. */
export const prefetchFormSchema = prefetchInputSchema.extend({ pin: z.boolean().default(false) });

export const teamLimitsSchema = z
  .object({
    /** Bytes; null: no quota. */
    quotaBytes: z.number().int("Whole bytes.").min(0, "Zero or more bytes.").nullable().optional(),
    /** Days; null: kept until space is needed. */
    retentionDays: z.number().int("Whole days.").min(1, "At least one day.").max(3650).nullable().optional(),
  })
  .strict();
export type TeamLimitsInput = z.infer<typeof teamLimitsSchema>;

export const pinInputSchema = z
  .object({
    distributionId: z.string().min(1, "Choose a distribution."),
    repoType: z.enum(REPO_TYPES).default("model"),
    repoId: prefetchInputSchema.shape.repoId,
    /** A commit, a branch or a tag the cache has resolved; omitted: every revision of the repo. */
    revision: z.string().trim().min(1).max(200).optional(),
    /** A file, or a folder (every file below it; a trailing "/" is dropped); omitted: the whole repo. */
    path: z
      .string()
      .trim()
      .max(1024, "At most 1024 characters.")
      .transform((path) => path.replace(/\/+$/, ""))
      .refine(
        (path) => path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
        "Enter a file or folder of the repo, such as config.json or onnx/.",
      )
      .optional(),
  })
  .strict();
export type PinInput = z.infer<typeof pinInputSchema>;

export const purgeTargetSchema = z.object({
  repoType: z.enum(REPO_TYPES),
  repoId: z.string().min(1).max(200),
  /** A commit: purge that revision only. */
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/, "A commit is 40 hex characters.")
    .optional(),
  /** A file: purge that file only (needs `commit`). */
  path: z.string().min(1).max(1024).optional(),
});
export type PurgeTarget = z.infer<typeof purgeTargetSchema>;

/*
 * Output schemas: what the services answer, as the console receives it (tRPC's `.output()`; the console's
 * types are inferred from the router). Dates stay dates (the console's tRPC link uses superjson).
 */

/** A remote as the services show it. */
export const remoteViewSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  hubUrl: z.string(),
  /** The HF token is write-only: only whether one is set is told. */
  hfTokenSet: z.boolean(),
  policy: z.enum(REMOTE_POLICIES),
  connectTimeoutMs: z.number(),
  readTimeoutMs: z.number(),
  includePatterns: z.array(z.string()),
  excludePatterns: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RemoteView = z.infer<typeof remoteViewSchema>;

export const distributionViewSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  basePath: z.string(),
  remoteId: z.string(),
  isPublic: z.boolean(),
  /** What whoever changes it should know (e.g. public over a remote with an HF token); often empty. */
  warnings: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type DistributionView = z.infer<typeof distributionViewSchema>;

/** A page of a list: the total count and the items of this page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ count: z.number(), items: z.array(item) });

/**
 * What "test connection" found upstream. Never carries the token, and never why a connection failed:
 * refused, timed out, not HTTP, TLS or DNS failures all read "unreachable", so that the check cannot be
 * used to map a network.
 */
export const connectionResultSchema = z.object({
  /** The hub answered over HTTP with a status below 500. */
  reachable: z.boolean(),
  /** The HTTP status the hub answered with (only when it answered). */
  status: z.number().optional(),
  /** Round trip of the answer, in milliseconds (only when it answered). */
  latencyMs: z.number().optional(),
  /** null: the remote has no token (or the hub could not be asked), so nothing was checked. */
  tokenValid: z.boolean().nullable(),
  /** The whoami name the token belongs to. */
  user: z.string().optional(),
  /** One of a few fixed sentences. */
  error: z.string().optional(),
});
export type ConnectionResult = z.infer<typeof connectionResultSchema>;

/** A content token's or a personal API token's state (see tokenStatus). */
export const TOKEN_STATUSES = ["active", "expired", "revoked"] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** What lists show of a token of either kind: never the secret, nor its hash. */
const tokenViewFields = {
  name: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  status: z.enum(TOKEN_STATUSES),
};

/** A content token (a team's, for private distributions) as the console shows it. */
export const contentTokenViewSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  teamSlug: z.string(),
  ...tokenViewFields,
});
export type ContentTokenView = z.infer<typeof contentTokenViewSchema>;

/** A new token: the secret, shown this once, and the token as lists show it. */
export const createdContentTokenSchema = z.object({ token: z.string(), view: contentTokenViewSchema });

export const teamViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.date(),
  /** The signed-in user's role in this team. */
  role: roleSchema,
  memberCount: z.number(),
});
export type TeamView = z.infer<typeof teamViewSchema>;

export const memberViewSchema = z.object({
  userId: z.string(),
  username: z.string(),
  role: roleSchema,
  createdAt: z.date(),
});
export type MemberView = z.infer<typeof memberViewSchema>;

export const createdUserSchema = z.object({ id: z.string(), username: z.string() });

export const cachedRepoSchema = z.object({
  repoType: z.string(),
  repoId: z.string(),
  files: z.number(),
  bytes: z.number(),
  commits: z.number(),
  /** Branch or tag → commit, as last resolved. */
  revisions: z.array(z.object({ revision: z.string(), commit: z.string(), fetchedAt: z.date() })),
});
export type CachedRepo = z.infer<typeof cachedRepoSchema>;

export const cacheOverviewSchema = z.object({
  repos: z.array(cachedRepoSchema),
  totalBytes: z.number(),
  totalFiles: z.number(),
});

export const cachedFileSchema = z.object({
  commit: z.string(),
  path: z.string(),
  size: z.number(),
  lfs: z.boolean(),
  hits: z.number(),
  cachedAt: z.date(),
});
export type CachedFileView = z.infer<typeof cachedFileSchema>;

export const PURGE_STATUSES = ["queued", "running", "done", "failed"] as const;

/** A purge the content server carries out (it owns the bytes): what went, once it is done. */
export const purgeJobViewSchema = z.object({
  id: z.string(),
  distributionId: z.string(),
  repoType: z.string(),
  repoId: z.string(),
  commit: z.string().nullable(),
  path: z.string().nullable(),
  status: z.enum(PURGE_STATUSES),
  files: z.number(),
  blobs: z.number(),
  bytes: z.number(),
  error: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A repo (commit null) or a repo at a commit, whole (path null) or a file or folder of it, never evicted. */
export const pinViewSchema = z.object({
  id: z.string(),
  distributionId: z.string(),
  repoType: z.string(),
  repoId: z.string(),
  commit: z.string().nullable(),
  path: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
});

/** A team's pin as its storage page lists it: by remote (a pin belongs to the remote, not a distribution). */
export const teamPinViewSchema = z.object({
  id: z.string(),
  remoteId: z.string(),
  remoteName: z.string(),
  repoType: z.string(),
  repoId: z.string(),
  commit: z.string().nullable(),
  path: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
});

export const teamStorageViewSchema = z.object({
  teamId: z.string(),
  slug: z.string(),
  usedBytes: z.number(),
  quotaBytes: z.number().nullable(),
  retentionDays: z.number().nullable(),
  pinnedBytes: z.number(),
  pins: z.array(teamPinViewSchema),
  largestRepos: z.array(
    z.object({
      remoteId: z.string(),
      repoType: z.string(),
      repoId: z.string(),
      files: z.number(),
      bytes: z.number(),
    }),
  ),
  recentEvictions: z.array(
    z.object({
      repoType: z.string(),
      repoId: z.string(),
      commit: z.string(),
      path: z.string(),
      size: z.number(),
      reason: z.string(),
      at: z.date(),
    }),
  ),
});

export const instanceStorageViewSchema = z.object({
  storedBytes: z.number(),
  /** The smallest CACHE_MAX_BYTES of the content servers heard from lately; null: none set, or unknown. */
  limitBytes: z.number().nullable(),
  teams: z.array(
    z.object({
      teamId: z.string(),
      slug: z.string(),
      usedBytes: z.number(),
      quotaBytes: z.number().nullable(),
    }),
  ),
});

/** A content server (replica) as its heartbeats tell: the console's and the REST status' list. */
export const contentServerViewSchema = z.object({
  /** Its instance id (HUBCACHE_INSTANCE_ID, random per process when unset). */
  id: z.string(),
  /**
   * Where the other replicas reach it (REPLICA_URL, else the URL it listens on): an internal address,
   * shown to the instance admin only (null for everyone else).
   */
  url: z.string().nullable(),
  version: z.string(),
  startedAt: z.date(),
  heartbeatAt: z.date(),
  /** Heard from within the last 30 s (it beats every 10 s). */
  online: z.boolean(),
  fillsInFlight: z.number().int(),
  /** CACHE_MAX_BYTES of that server (null: no limit but the free-space floor). */
  cacheMaxBytes: z.number().nullable(),
  /**
   * Upstream origin → its state, for the upstreams this server has used (for users other than the instance
   * admin: those of their teams' remotes).
   */
  upstreams: z.record(z.string(), z.enum(["online", "offline"])),
});

/** The content servers heard from in the last `listedWithinMinutes`, the most recent heartbeat first. */
export const contentServersViewSchema = z.object({
  listedWithinMinutes: z.number().int(),
  servers: z.array(contentServerViewSchema),
});

export const PREFETCH_STATUSES = ["queued", "running", "done", "failed", "canceled"] as const;

export const prefetchJobViewSchema = z.object({
  id: z.string(),
  distributionId: z.string(),
  repoType: z.string(),
  repoId: z.string(),
  revision: z.string(),
  status: z.enum(PREFETCH_STATUSES),
  commit: z.string().nullable(),
  totalFiles: z.number(),
  doneFiles: z.number(),
  totalBytes: z.number(),
  doneBytes: z.number(),
  error: z.string().nullable(),
  /** Pins the repo at the resolved commit before fetching. */
  pin: z.boolean(),
  requestedBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type PrefetchJobView = z.infer<typeof prefetchJobViewSchema>;

/** A personal API token: a name and an optional expiry (the same rules as content tokens). */
export const apiTokenInputSchema = contentTokenInputSchema;
export type ApiTokenInput = z.infer<typeof apiTokenInputSchema>;

/** A personal API token as its owner sees it. */
export const apiTokenViewSchema = z.object({ id: z.string(), ...tokenViewFields });
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

/** A new personal API token: the secret (`hcapi_…`), shown this once, and the token as lists show it. */
export const createdApiTokenViewSchema = z.object({ token: z.string(), view: apiTokenViewSchema });

/** One audit event as the console and tRPC show it (the REST API serializes it with snake_case). */
export const auditEventViewSchema = z.object({
  id: z.string(),
  /** The team's name; null for instance-wide events. */
  team: z.string().nullable(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

export const usageTotalsSchema = z.object({
  requests: z.number(),
  hits: z.number(),
  misses: z.number(),
  /** hits / (hits + misses); null before any file download. */
  hitRatio: z.number().nullable(),
  bytesFromCache: z.number(),
  bytesFromUpstream: z.number(),
});

/** Traffic and storage of the actor's teams over a period: the dashboard. */
export const dashboardViewSchema = z.object({
  since: z.date(),
  totals: usageTotalsSchema,
  /** One entry per UTC day of the period, oldest first (days without traffic included). */
  daily: z.array(usageTotalsSchema.extend({ day: z.string() })),
  distributions: z.array(usageTotalsSchema.extend({ id: z.string(), name: z.string() })),
  storageByTeam: z.array(
    z.object({ teamId: z.string(), team: z.string(), bytes: z.number(), files: z.number() }),
  ),
  topRepos: z.array(
    z.object({ repoType: z.string(), repoId: z.string(), bytes: z.number(), files: z.number() }),
  ),
});
