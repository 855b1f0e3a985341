import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DISTRIBUTION_FIELD_CHANGES,
  DISTRIBUTION_FIELD_INVALID,
  DISTRIBUTION_START,
  rejection,
  REMOTE_FIELD_CHANGES,
  REMOTE_FIELD_INVALID,
  REMOTE_START,
  REMOTE_START_VIEW,
  remoteOptions,
  secrets,
  userInTeam,
} from "../test-fixtures.ts";
import type { Actor } from "./access.ts";
import {
  createDistribution,
  getDistribution,
  replaceDistribution,
  updateDistribution,
} from "./distributions.ts";
import { listAuditEvents } from "./audit-log.ts";
import { createRemote, getRemote, replaceRemote, TOKEN_CLEARED, updateRemote } from "./remotes.ts";

const providers = await testProviders();

/** PATCH changes exactly the fields sent; PUT replaces (omitted fields take their defaults). */
describe.each(providers)("updates on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const storedToken = async (id: string) => {
    const row = await handle.db.remote.findUniqueOrThrow({ where: { id } });
    return row.hfTokenEncrypted === null ? null : secrets.open(row.hfTokenEncrypted);
  };

  describe("remotes", () => {
    it.each(REMOTE_FIELD_CHANGES)("an update of $field ($value) changes only $field", async (change) => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      expect(remote).toMatchObject(REMOTE_START_VIEW);
      const { token, ...shows } = change.shows;
      const updated = await updateRemote(
        handle.db,
        owner,
        remote.id,
        { [change.field]: change.value },
        remoteOptions,
      );
      expect(updated).toEqual({ ...remote, ...shows, updatedAt: updated.updatedAt });
      expect(await getRemote(handle.db, owner, remote.id)).toEqual(updated);
      expect(await storedToken(remote.id)).toBe(token);
    });

    it("an empty update changes nothing", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      const updated = await updateRemote(handle.db, owner, remote.id, {}, remoteOptions);
      expect(updated).toEqual({ ...remote, updatedAt: updated.updatedAt });
    });

    it.each(REMOTE_FIELD_INVALID)("a bad $field is refused and changes nothing", async ({ field, value }) => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      for (const change of [updateRemote, replaceRemote]) {
        const error = await rejection(
          change(
            handle.db,
            owner,
            remote.id,
            { ...REMOTE_START, name: "changed", [field]: value },
            remoteOptions,
          ),
        );
        expect(error.status).toBe(400);
        expect(Object.keys(error.fields).map((key) => key.split(".")[0])).toEqual([field]);
      }
      expect(await getRemote(handle.db, owner, remote.id)).toEqual(remote);
      expect(await storedToken(remote.id)).toBe(REMOTE_START.hfToken);
    });

    it("a replacement (PUT) gives omitted fields their defaults and keeps the write-only token", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      const replaced = await replaceRemote(
        handle.db,
        owner,
        remote.id,
        { name: "replaced", hubUrl: REMOTE_START.hubUrl },
        remoteOptions,
      );
      expect(replaced).toMatchObject({
        name: "replaced",
        hubUrl: REMOTE_START.hubUrl,
        hfTokenSet: true,
        policy: "on_demand",
        connectTimeoutMs: 10_000,
        readTimeoutMs: 60_000,
        includePatterns: [],
        excludePatterns: [],
      });
      expect(await storedToken(remote.id)).toBe(REMOTE_START.hfToken);
      const missing = await rejection(replaceRemote(handle.db, owner, remote.id, {}, remoteOptions));
      expect(Object.keys(missing.fields)).toEqual(["name"]);
      expect((await getRemote(handle.db, owner, remote.id)).name).toBe("replaced");
    });
  });

  describe("changing the hub URL", () => {
    it("to another origin without a token clears the stored token, and the audit log says so", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      const moved = await updateRemote(
        handle.db,
        owner,
        remote.id,
        { hubUrl: "https://elsewhere.example.com" },
        remoteOptions,
      );
      expect(moved).toMatchObject({ hubUrl: "https://elsewhere.example.com", hfTokenSet: false });
      expect(await storedToken(remote.id)).toBeNull();
      const events = await listAuditEvents(handle.db, owner);
      const event = events.find((e) => e.action === "remote.update");
      expect(event).toMatchObject({
        detail: { hubUrl: "https://elsewhere.example.com", hfToken: TOKEN_CLEARED },
      });
      expect(JSON.stringify(events)).not.toContain(REMOTE_START.hfToken);
    });

    it("to another port or scheme of the same host is another origin too", async () => {
      const owner = await userInTeam(handle.db);
      const options = { ...remoteOptions, urlAllowlist: ["https://*.example.com:*", "http://*.example.com"] };
      for (const [i, hubUrl] of ["https://hub.example.com:8443", "http://hub.example.com"].entries()) {
        const remote = await createRemote(handle.db, owner, { ...REMOTE_START, name: `p${i}` }, options);
        const moved = await updateRemote(handle.db, owner, remote.id, { hubUrl }, options);
        expect(moved.hfTokenSet, hubUrl).toBe(false);
      }
    });

    it("with a token in the same request keeps that token; within the same origin keeps the old one", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      await updateRemote(
        handle.db,
        owner,
        remote.id,
        { hubUrl: "https://elsewhere.example.com", hfToken: "hf_for_elsewhere" },
        remoteOptions,
      );
      expect(await storedToken(remote.id)).toBe("hf_for_elsewhere");
      await updateRemote(
        handle.db,
        owner,
        remote.id,
        { hubUrl: "https://ELSEWHERE.example.com/v2/" },
        remoteOptions,
      );
      expect(await storedToken(remote.id)).toBe("hf_for_elsewhere");
      // The console sends the unchanged URL with every edit: that keeps the token.
      await updateRemote(
        handle.db,
        owner,
        remote.id,
        { hubUrl: "https://elsewhere.example.com/v2", policy: "on_demand" },
        remoteOptions,
      );
      expect(await storedToken(remote.id)).toBe("hf_for_elsewhere");
    });

    it("by PUT without a token clears it as well", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, REMOTE_START, remoteOptions);
      const replaced = await replaceRemote(
        handle.db,
        owner,
        remote.id,
        { name: "start", hubUrl: "https://elsewhere.example.com" },
        remoteOptions,
      );
      expect(replaced.hfTokenSet).toBe(false);
      expect(await storedToken(remote.id)).toBeNull();
    });
  });

  describe("distributions", () => {
    async function setUp(owner: Actor & { teamId: string }) {
      const remote = await createRemote(handle.db, owner, { name: "a" }, remoteOptions);
      const other = await createRemote(handle.db, owner, { name: "b" }, remoteOptions);
      const distribution = await createDistribution(handle.db, owner, {
        ...DISTRIBUTION_START,
        basePath: `start-${owner.teamId}`,
        remoteId: remote.id,
      });
      expect(distribution).toMatchObject({ ...DISTRIBUTION_START, remoteId: remote.id });
      return { distribution, otherRemoteId: other.id };
    }

    it.each(DISTRIBUTION_FIELD_CHANGES)("an update of $field changes only $field", async (change) => {
      const owner = await userInTeam(handle.db);
      const { distribution, otherRemoteId } = await setUp(owner);
      const value =
        change.field === "remoteId"
          ? otherRemoteId
          : change.field === "basePath"
            ? `moved-${owner.teamId}`
            : change.value;
      const updated = await updateDistribution(handle.db, owner, distribution.id, { [change.field]: value });
      expect(updated).toEqual({ ...distribution, [change.field]: value, updatedAt: updated.updatedAt });
      expect(await getDistribution(handle.db, owner, distribution.id)).toEqual(updated);
    });

    it("renaming a private distribution keeps it private", async () => {
      const owner = await userInTeam(handle.db);
      const { distribution } = await setUp(owner);
      const renamed = await updateDistribution(handle.db, owner, distribution.id, { name: "x" });
      expect(renamed.isPublic).toBe(false);
    });

    it.each(DISTRIBUTION_FIELD_INVALID)(
      "a bad $field is refused and changes nothing",
      async ({ field, value }) => {
        const owner = await userInTeam(handle.db);
        const { distribution } = await setUp(owner);
        const whole = {
          ...DISTRIBUTION_START,
          basePath: distribution.basePath,
          remoteId: distribution.remoteId,
        };
        for (const change of [updateDistribution, replaceDistribution]) {
          const error = await rejection(
            change(handle.db, owner, distribution.id, { ...whole, name: "changed", [field]: value }),
          );
          expect(error.status).toBe(400);
          expect(Object.keys(error.fields)).toEqual([field]);
        }
        expect(await getDistribution(handle.db, owner, distribution.id)).toEqual(distribution);
      },
    );

    it("a replacement (PUT) gives omitted fields their defaults", async () => {
      const owner = await userInTeam(handle.db);
      const { distribution } = await setUp(owner);
      const replaced = await replaceDistribution(handle.db, owner, distribution.id, {
        name: "replaced",
        basePath: distribution.basePath,
        remoteId: distribution.remoteId,
      });
      expect(replaced).toMatchObject({ name: "replaced", isPublic: true });
      const missing = await rejection(replaceDistribution(handle.db, owner, distribution.id, {}));
      expect(Object.keys(missing.fields).sort()).toEqual(["basePath", "name", "remoteId"]);
    });
  });
});
