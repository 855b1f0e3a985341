import type { Actor } from "@hubcache/services";
import { dbSnapshot, ghostIds, tenancyWorld, type TenancyIds } from "@hubcache/services/test-fixtures";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root.ts";
import { callerAs } from "./test-support.ts";

const providers = await testProviders();

/**
 * Who calls: nobody; a member of another team (who owns that team) with this team's ids; a plain member
 * of this team; an admin of this team.
 */
const ROLES = ["anonymous", "stranger", "member", "admin"] as const;
type Role = (typeof ROLES)[number];
type Code = "OK" | TRPCError["code"];
type Caller = ReturnType<typeof appRouter.createCaller>;

interface Procedure {
  /** The call, with the first team's ids (or, for the comparison, ids that do not exist). */
  call: (caller: Caller, ids: TenancyIds) => Promise<unknown>;
  /** What each caller gets. */
  codes: Record<Role, Code>;
  /** Members' answers show the team's rows: so that the stranger's showing none means something. */
  shows?: true;
}

/** Lists: everyone signed in gets an answer, a stranger without this team's rows. */
const list: Procedure["codes"] = { anonymous: "UNAUTHORIZED", stranger: "OK", member: "OK", admin: "OK" };
/** Reads by id: members may; another team's ids do not exist. */
const read: Procedure["codes"] = { ...list, stranger: "NOT_FOUND" };
/** Changes: admins and owners only; another team's ids do not exist. */
const change: Procedure["codes"] = { ...read, member: "FORBIDDEN" };

const repo = (ids: TenancyIds) => ({ repoType: "model" as const, repoId: ids.repoId });

/** One row per procedure of appRouter. */
const PROCEDURES: Record<string, Procedure> = {
  "remote.list": { call: (c) => c.remote.list(), codes: list, shows: true },
  "remote.byId": { call: (c, ids) => c.remote.byId({ id: ids.remoteId }), codes: read, shows: true },
  "remote.create": {
    call: (c, ids) => c.remote.create({ team: ids.teamId, data: { name: "created" } }),
    codes: change,
  },
  "remote.update": {
    call: (c, ids) => c.remote.update({ id: ids.remoteId, data: { name: "updated" } }),
    codes: change,
  },
  "remote.delete": { call: (c, ids) => c.remote.delete({ id: ids.spareRemoteId }), codes: change },
  // The admin's call reaches for 127.0.0.1:9, where nothing listens: "unreachable", an answer all the same.
  "remote.testConnection": { call: (c, ids) => c.remote.testConnection({ id: ids.remoteId }), codes: change },
  "distribution.list": { call: (c) => c.distribution.list(), codes: list, shows: true },
  "distribution.byId": {
    call: (c, ids) => c.distribution.byId({ id: ids.distributionId }),
    codes: read,
    shows: true,
  },
  "distribution.create": {
    call: (c, ids) =>
      c.distribution.create({
        team: ids.teamId,
        data: { name: "created", basePath: `created-${ids.remoteId}`, remoteId: ids.remoteId },
      }),
    codes: change,
  },
  "distribution.update": {
    call: (c, ids) => c.distribution.update({ id: ids.distributionId, data: { isPublic: true } }),
    codes: change,
  },
  "distribution.delete": {
    call: (c, ids) => c.distribution.delete({ id: ids.distributionId }),
    codes: change,
  },
  "token.list": { call: (c) => c.token.list(), codes: list, shows: true },
  "token.create": {
    call: (c, ids) => c.token.create({ team: ids.teamId, data: { name: "created" } }),
    codes: change,
  },
  "token.revoke": { call: (c, ids) => c.token.revoke({ id: ids.tokenId }), codes: change },
  // Personal (the admin's token): everyone lists and makes their own; another user's id does not exist,
  // whatever the team. apiToken.test.ts checks whose tokens each list shows.
  "apiToken.list": { call: (c) => c.apiToken.list(), codes: list },
  "apiToken.create": { call: (c) => c.apiToken.create({ data: { name: "created" } }), codes: list },
  "apiToken.revoke": {
    call: (c, ids) => c.apiToken.revoke({ id: ids.apiTokenId }),
    codes: { anonymous: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", admin: "OK" },
  },
  "team.list": { call: (c) => c.team.list(), codes: list, shows: true },
  // Not in a team: anyone signed in may create one (and owns it).
  "team.create": { call: (c) => c.team.create({ data: { name: "Created" } }), codes: list },
  "team.rename": {
    call: (c, ids) => c.team.rename({ teamId: ids.teamId, data: { name: "Renamed" } }),
    codes: change,
  },
  "team.members": { call: (c, ids) => c.team.members({ teamId: ids.teamId }), codes: read, shows: true },
  "team.addMember": {
    call: (c, ids) =>
      c.team.addMember({ teamId: ids.teamId, data: { username: ids.newcomer, role: "member" } }),
    codes: change,
  },
  "team.changeRole": {
    call: (c, ids) => c.team.changeRole({ teamId: ids.teamId, userId: ids.targetUserId, role: "admin" }),
    codes: change,
  },
  "team.removeMember": {
    call: (c, ids) => c.team.removeMember({ teamId: ids.teamId, userId: ids.targetUserId }),
    codes: change,
  },
  "user.me": { call: (c) => c.user.me(), codes: list },
  // The instance admin's (an owner of the `default` team): a team's admin is not.
  "user.create": {
    call: (c) => c.user.create({ data: { username: "created", password: "a long enough password" } }),
    codes: { anonymous: "UNAUTHORIZED", stranger: "FORBIDDEN", member: "FORBIDDEN", admin: "FORBIDDEN" },
  },
  "cache.overview": {
    call: (c, ids) => c.cache.overview({ distributionId: ids.distributionId }),
    codes: read,
    shows: true,
  },
  "cache.files": {
    call: (c, ids) => c.cache.files({ distributionId: ids.distributionId, ...repo(ids) }),
    codes: read,
    shows: true,
  },
  // Queues a purge job for the content server.
  "cache.purge": {
    call: (c, ids) => c.cache.purge({ distributionId: ids.distributionId, target: repo(ids) }),
    codes: change,
  },
  // A queued job: the content server carries it out (nothing in the web app touches the stored bytes).
  "cache.purgeJobs": {
    call: (c, ids) => c.cache.purgeJobs({ distributionId: ids.distributionId }),
    codes: read,
  },
  "cache.pins": {
    call: (c, ids) => c.cache.pins({ distributionId: ids.distributionId }),
    codes: read,
    shows: true,
  },
  "cache.pin": {
    call: (c, ids) => c.cache.pin({ distributionId: ids.distributionId, ...repo(ids) }),
    codes: change,
  },
  "cache.unpin": {
    call: (c, ids) => c.cache.unpin({ distributionId: ids.distributionId, pinId: ids.pinId }),
    codes: change,
  },
  "storage.team": { call: (c, ids) => c.storage.team({ team: ids.teamId }), codes: read, shows: true },
  // Retention is the team admins'; the quota, the instance admin's only (the test after the matrix).
  "storage.setLimits": {
    call: (c, ids) => c.storage.setLimits({ team: ids.teamId, data: { retentionDays: 7 } }),
    codes: change,
  },
  "storage.unpin": { call: (c, ids) => c.storage.unpin({ pinId: ids.pinId }), codes: change },
  // The instance admin's (an owner of the `default` team): a team's admin is not.
  "storage.instance": {
    call: (c) => c.storage.instance(),
    codes: { anonymous: "UNAUTHORIZED", stranger: "FORBIDDEN", member: "FORBIDDEN", admin: "FORBIDDEN" },
  },
  "audit.list": { call: (c) => c.audit.list({}), codes: list, shows: true },
  // Another team's id is refused as a team that does not exist.
  "usage.dashboard": { call: (c, ids) => c.usage.dashboard({ team: ids.teamId }), codes: read, shows: true },
  // The instance's replicas, not a team's: anyone signed in, as the REST status/ (content-server.test.ts).
  "contentServer.list": { call: (c) => c.contentServer.list(), codes: list },
  "cache.prefetchJobs": {
    call: (c, ids) => c.cache.prefetchJobs({ distributionId: ids.distributionId }),
    codes: read,
    shows: true,
  },
  "cache.prefetch": {
    call: (c, ids) => c.cache.prefetch({ distributionId: ids.distributionId, ...repo(ids) }),
    codes: change,
  },
};

/** appRouter's procedures by path ("remote.list"): `_def.procedures` is flat at run time. */
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

describe("the tRPC tenancy table", () => {
  it("has one row per procedure, and no row for a procedure that does not exist", () => {
    expect(Object.keys(PROCEDURES).sort()).toEqual(Object.keys(procedures).sort());
  });
});

describe.each(providers)("tRPC tenancy on %s", { timeout: 60_000 }, (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  const callerFor = (actor: Actor | null) => callerAs(handle.db, actor);
  /** The code and what the caller saw (the answer, or the error's message). */
  const outcome = (call: Promise<unknown>): Promise<{ code: Code; seen: string }> =>
    call.then(
      (result) => ({ code: "OK", seen: JSON.stringify(result) ?? "" }),
      (error: unknown) => {
        if (!(error instanceof TRPCError)) throw error;
        return { code: error.code, seen: error.message };
      },
    );

  it.each(Object.entries(PROCEDURES))("%s", async (path, procedure) => {
    const query = procedures[path]?._def.type === "query";
    const world = await tenancyWorld(handle.db);
    const actors: Record<Role, Actor | null> = {
      anonymous: null,
      stranger: world.stranger,
      member: world.member,
      admin: world.admin,
    };
    const codes: Partial<Record<Role, Code>> = {};
    for (const role of ROLES) {
      const before = await dbSnapshot(handle.db);
      const answer = await outcome(procedure.call(callerFor(actors[role]), world.ids));
      codes[role] = answer.code;
      if (answer.code !== "OK" || query) {
        expect(await dbSnapshot(handle.db), `${role}: nothing changes`).toEqual(before);
      }
      if (role === "anonymous" || role === "stranger") {
        for (const marker of world.markers) expect(answer.seen, `${role}: no data`).not.toContain(marker);
      } else if (procedure.shows) {
        expect(world.markers.some((marker) => answer.seen.includes(marker))).toBe(true);
      }
      if (role === "stranger" && answer.code === "NOT_FOUND") {
        // Indistinguishable from ids that do not exist.
        const ghost = await outcome(procedure.call(callerFor(actors[role]), ghostIds(world.ids)));
        expect(ghost).toEqual(answer);
      }
    }
    expect(codes).toEqual(procedure.codes);
  });

  it("storage.setLimits with a quota: the instance admin's only, not the team's owner or admin", async () => {
    const world = await tenancyWorld(handle.db);
    const quota = { team: world.ids.teamId, data: { quotaBytes: 1000 } };
    for (const actor of [world.owner, world.admin, world.member, world.stranger]) {
      const before = await dbSnapshot(handle.db);
      const answer = await outcome(callerFor(actor).storage.setLimits(quota));
      expect(answer.code).toBe(actor === world.stranger ? "NOT_FOUND" : "FORBIDDEN");
      expect(await dbSnapshot(handle.db)).toEqual(before);
    }
  });
});
