import type { Db } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection, remoteOptions, tenancyWorld } from "../test-fixtures.ts";
import type { Actor } from "./access.ts";
import { listAuditEvents } from "./audit-log.ts";
import { revokeContentToken } from "./content-tokens.ts";
import { deleteDistribution, updateDistribution } from "./distributions.ts";
import { deleteRemote, replaceRemote, updateRemote } from "./remotes.ts";
import { setTeamLimits } from "./storage.ts";
import { changeRole, removeMember, renameTeam } from "./teams.ts";

const providers = await testProviders();

type Model = "remote" | "distribution" | "contentToken" | "membership" | "team";

/**
 * `db`, except that right after its first `model.findFirst` (the service's permission check) `meanwhile`
 * runs: another request got in between the check and the write.
 */
function racing(db: Db, model: Model, meanwhile: () => Promise<unknown>): Db {
  let fired = false;
  const delegate = new Proxy(db[model], {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "findFirst" || fired || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const row: unknown = await value.apply(target, args);
        fired = true;
        await meanwhile();
        return row;
      };
    },
  });
  return new Proxy(db, {
    get: (target, property, receiver) =>
      property === model ? delegate : Reflect.get(target, property, receiver),
  });
}

/** Each write, by the team's admin, whose own `where` must still hold when it runs. */
const WRITES: Array<{
  name: string;
  model: Model;
  call: (db: Db, admin: Actor, ids: Awaited<ReturnType<typeof tenancyWorld>>["ids"]) => Promise<unknown>;
}> = [
  {
    name: "updateRemote",
    model: "remote",
    call: (db, admin, ids) => updateRemote(db, admin, ids.remoteId, { name: "raced" }, remoteOptions),
  },
  {
    name: "replaceRemote",
    model: "remote",
    call: (db, admin, ids) => replaceRemote(db, admin, ids.remoteId, { name: "raced" }, remoteOptions),
  },
  {
    name: "deleteRemote",
    model: "remote",
    call: (db, admin, ids) => deleteRemote(db, admin, ids.spareRemoteId),
  },
  {
    name: "updateDistribution",
    model: "distribution",
    call: (db, admin, ids) => updateDistribution(db, admin, ids.distributionId, { isPublic: true }),
  },
  {
    name: "deleteDistribution",
    model: "distribution",
    call: (db, admin, ids) => deleteDistribution(db, admin, ids.distributionId),
  },
  {
    name: "revokeContentToken",
    model: "contentToken",
    call: (db, admin, ids) => revokeContentToken(db, admin, ids.tokenId),
  },
  {
    name: "renameTeam",
    model: "membership",
    call: (db, admin, ids) => renameTeam(db, admin, ids.teamId, { name: "raced" }),
  },
  {
    name: "changeRole",
    model: "membership",
    call: (db, admin, ids) => changeRole(db, admin, ids.teamId, ids.targetUserId, "admin"),
  },
  {
    name: "removeMember",
    model: "membership",
    call: (db, admin, ids) => removeMember(db, admin, ids.teamId, ids.targetUserId),
  },
  {
    name: "setTeamLimits",
    model: "team",
    call: (db, admin, ids) => setTeamLimits(db, admin, ids.teamId, { retentionDays: 3 }),
  },
];

/** The rows a write could touch, and the audit log: what must stay as it was after a refusal. */
async function state(db: Db, teamId: string) {
  const [team, remotes, distributions, tokens, memberships, events] = await Promise.all([
    db.team.findUniqueOrThrow({ where: { id: teamId } }),
    db.remote.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    db.distribution.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    db.contentToken.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    db.membership.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    db.auditEvent.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
  ]);
  return { team, remotes, distributions, tokens, memberships, events };
}

describe.each(providers)("writes carry the caller's scope on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it.each(WRITES)(
    "$name: an admin demoted between the check and the write gets 403 and changes nothing",
    async ({ model, call }) => {
      const { admin, ids } = await tenancyWorld(handle.db);
      const demote = () =>
        handle.db.membership.update({
          where: { teamId_userId: { teamId: ids.teamId, userId: admin.userId } },
          data: { role: "member" },
        });
      const before = await state(handle.db, ids.teamId);
      const error = await rejection(call(racing(handle.db, model, demote), admin, ids));
      expect(error.status).toBe(403);
      const after = await state(handle.db, ids.teamId);
      const adminRow = (rows: typeof before.memberships) => rows.filter((row) => row.userId !== admin.userId);
      expect({ ...after, memberships: adminRow(after.memberships) }).toEqual({
        ...before,
        memberships: adminRow(before.memberships),
      });
    },
  );

  it.each(WRITES)(
    "$name: an admin removed from the team between the check and the write gets 404",
    async ({ model, call }) => {
      const { admin, ids } = await tenancyWorld(handle.db);
      const remove = () =>
        handle.db.membership.delete({
          where: { teamId_userId: { teamId: ids.teamId, userId: admin.userId } },
        });
      const error = await rejection(call(racing(handle.db, model, remove), admin, ids));
      expect(error.status).toBe(404);
    },
  );

  it("the audit log takes no cursor from another team", async () => {
    const first = await tenancyWorld(handle.db);
    const second = await tenancyWorld(handle.db);
    const theirs = await listAuditEvents(handle.db, first.owner);
    const mine = await listAuditEvents(handle.db, second.owner);
    expect(mine).toHaveLength(1);
    // Their event is not newer than mine: as a cursor, it would hide mine. It is no cursor for me.
    expect(theirs[0]!.createdAt.getTime()).toBeLessThanOrEqual(mine[0]!.createdAt.getTime());
    expect(await listAuditEvents(handle.db, second.owner, { before: theirs[0]!.id })).toEqual(mine);
    expect(await listAuditEvents(handle.db, second.owner, { before: "no-such-event" })).toEqual(mine);
  });
});
