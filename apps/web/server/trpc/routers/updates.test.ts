import { type Actor } from "@hubcache/services";
import {
  DISTRIBUTION_FIELD_CHANGES,
  DISTRIBUTION_FIELD_INVALID,
  DISTRIBUTION_START,
  REMOTE_FIELD_CHANGES,
  REMOTE_FIELD_INVALID,
  REMOTE_START,
  REMOTE_START_VIEW,
  secrets,
  userInTeam,
} from "@hubcache/services/test-fixtures";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../test-support.ts";

const providers = await testProviders();

/** The console's edits go through these procedures: they change exactly the fields sent. */
describe.each(providers)(
  "tRPC remote.update / distribution.update on %s",
  { timeout: 60_000 },
  (provider) => {
    let handle: Awaited<ReturnType<typeof openTestDb>>;
    beforeAll(async () => {
      handle = await openTestDb(provider);
    }, 60_000);
    afterAll(async () => {
      await handle?.dispose();
    });

    const callerFor = (actor: Actor) => callerAs(handle.db, actor);
    const storedToken = async (id: string) => {
      const row = await handle.db.remote.findUniqueOrThrow({ where: { id } });
      return row.hfTokenEncrypted === null ? null : secrets.open(row.hfTokenEncrypted);
    };
    const refusal = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
      return error;
    };

    it.each(REMOTE_FIELD_CHANGES)("remote.update of $field ($value) changes only $field", async (change) => {
      const caller = callerFor(await userInTeam(handle.db));
      const remote = await caller.remote.create({ data: REMOTE_START });
      expect(remote).toMatchObject(REMOTE_START_VIEW);
      const { token, ...shows } = change.shows;
      const updated = await caller.remote.update({ id: remote.id, data: { [change.field]: change.value } });
      expect(updated).toEqual({ ...remote, ...shows, updatedAt: updated.updatedAt });
      expect(await caller.remote.byId({ id: remote.id })).toEqual(updated);
      expect(await storedToken(remote.id)).toBe(token);
    });

    it.each(REMOTE_FIELD_INVALID)(
      "remote.update with a bad $field: BAD_REQUEST, nothing changes",
      async (bad) => {
        const caller = callerFor(await userInTeam(handle.db));
        const remote = await caller.remote.create({ data: REMOTE_START });
        const error = await refusal(
          caller.remote.update({ id: remote.id, data: { name: "changed", [bad.field]: bad.value } }),
        );
        expect(error.code).toBe("BAD_REQUEST");
        expect(await caller.remote.byId({ id: remote.id })).toEqual(remote);
      },
    );

    it.each(DISTRIBUTION_FIELD_CHANGES)(
      "distribution.update of $field changes only $field",
      async (change) => {
        const owner = await userInTeam(handle.db);
        const caller = callerFor(owner);
        const remote = await caller.remote.create({ data: { name: "a" } });
        const other = await caller.remote.create({ data: { name: "b" } });
        const distribution = await caller.distribution.create({
          data: { ...DISTRIBUTION_START, basePath: `trpc-${owner.teamId}`, remoteId: remote.id },
        });
        const value =
          change.field === "remoteId"
            ? other.id
            : change.field === "basePath"
              ? `trpc-moved-${owner.teamId}`
              : change.value;
        const updated = await caller.distribution.update({
          id: distribution.id,
          data: { [change.field]: value },
        });
        expect(updated).toEqual({ ...distribution, [change.field]: value, updatedAt: updated.updatedAt });
        expect(await caller.distribution.byId({ id: distribution.id })).toEqual(updated);
      },
    );

    it.each(DISTRIBUTION_FIELD_INVALID)(
      "distribution.update with a bad $field: BAD_REQUEST, nothing changes",
      async (bad) => {
        const owner = await userInTeam(handle.db);
        const caller = callerFor(owner);
        const remote = await caller.remote.create({ data: { name: "a" } });
        const distribution = await caller.distribution.create({
          data: { ...DISTRIBUTION_START, basePath: `trpc-bad-${owner.teamId}`, remoteId: remote.id },
        });
        const error = await refusal(
          caller.distribution.update({
            id: distribution.id,
            data: { name: "changed", [bad.field]: bad.value },
          }),
        );
        expect(error.code).toBe("BAD_REQUEST");
        expect(await caller.distribution.byId({ id: distribution.id })).toEqual(distribution);
      },
    );

    it("remote.create / remote.update outside REMOTE_URL_ALLOWLIST: BAD_REQUEST with a hubUrl message", async () => {
      const caller = callerFor(await userInTeam(handle.db));
      const outside = await refusal(caller.remote.create({ data: { name: "x", hubUrl: "http://10.0.0.7" } }));
      expect(outside.code).toBe("BAD_REQUEST");
      expect(outside.cause).toMatchObject({
        fields: { hubUrl: [expect.stringMatching(/allows remotes at/)] },
      });
      expect((await caller.remote.list()).count).toBe(0);
      const remote = await caller.remote.create({ data: REMOTE_START });
      const moved = await refusal(
        caller.remote.update({ id: remote.id, data: { hubUrl: "http://10.0.0.7" } }),
      );
      expect(moved.code).toBe("BAD_REQUEST");
      expect(await caller.remote.byId({ id: remote.id })).toEqual(remote);
    });

    it("a member cannot update; another team's ids do not exist", async () => {
      const owner = await userInTeam(handle.db);
      const member = await userInTeam(handle.db, "member", owner.teamId);
      const stranger = await userInTeam(handle.db);
      const remote = await callerFor(owner).remote.create({ data: REMOTE_START });
      const update = (actor: Actor) => callerFor(actor).remote.update({ id: remote.id, data: { name: "x" } });
      expect((await refusal(update(member))).code).toBe("FORBIDDEN");
      expect((await refusal(update(stranger))).code).toBe("NOT_FOUND");
      expect((await callerFor(owner).remote.byId({ id: remote.id })).name).toBe(REMOTE_START.name);
    });
  },
);
