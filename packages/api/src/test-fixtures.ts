import { DEFAULT_TEAM_SLUG, SecretBox, type Db } from "@hubcache/db";
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors.ts";
import type { z } from "zod";
import type { DistributionUpdate, RemoteUpdate, remoteInputSchema } from "./schemas.ts";
import type { Actor } from "./services/access.ts";
import type { RemoteOptions, RemoteView } from "./services/remotes.ts";

export const secrets = SecretBox.fromSecret("api-tests");

/**
 * The REMOTE_URL_ALLOWLIST of the tests: the default, the made-up hosts of the tables, and the loopback
 * the stand-in Hub listens on.
 */
export const TEST_URL_ALLOWLIST = ["https://huggingface.co", "https://*.example.com", "http://127.0.0.1:*"];

/** What the remote services are given in the tests. */
export const remoteOptions: RemoteOptions = { secrets, urlAllowlist: TEST_URL_ALLOWLIST };

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

/** The ApiError a call is refused with (fails the test if it succeeds or throws anything else). */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
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
