import { hashToken } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection, userInTeam } from "../test-fixtures.ts";
import { createContentToken, listContentTokens, revokeContentToken } from "./content-tokens.ts";
import {
  addMember,
  changeRole,
  createTeam,
  listMembers,
  listMyTeams,
  removeMember,
  renameTeam,
  slugify,
} from "./teams.ts";
import { createUser, isInstanceAdmin } from "./users.ts";

const providers = await testProviders();

const fakeHash = async (password: string) => `hashed:${password.length}`;

describe.each(providers)("teams, users and content tokens on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  describe("content tokens", () => {
    it("shows the secret once and stores only its hash", async () => {
      const owner = await userInTeam(handle.db);
      const { token, view } = await createContentToken(handle.db, owner, { name: "ci" });
      expect(token).toMatch(/^hf_hc_/);
      expect(view).toMatchObject({ name: "ci", status: "active", lastUsedAt: null, expiresAt: null });
      expect(JSON.stringify(view)).not.toContain(token);
      const row = await handle.db.contentToken.findUniqueOrThrow({ where: { id: view.id } });
      expect(row.secretHash).toBe(hashToken(token));
      expect(JSON.stringify(row)).not.toContain(token);
      const listed = await listContentTokens(handle.db, owner);
      expect(listed.map((t) => t.id)).toEqual([view.id]);
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(JSON.stringify(listed)).not.toContain(row.secretHash);
      const events = await handle.db.auditEvent.findMany({ where: { teamId: owner.teamId } });
      expect(events.map((e) => e.action)).toContain("content_token.create");
      expect(JSON.stringify(events)).not.toContain(token);
    });

    it("validates names and expiry dates", async () => {
      const owner = await userInTeam(handle.db);
      const error = await rejection(
        createContentToken(handle.db, owner, { name: " ", expiresAt: "2001-01-01" }),
      );
      expect(error.status).toBe(400);
      expect(Object.keys(error.fields).sort()).toEqual(["expiresAt", "name"]);
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const { view } = await createContentToken(handle.db, owner, { name: "later", expiresAt: future });
      expect(view.expiresAt?.toISOString()).toBe(future);
    });

    it("reflects revocation and expiry", async () => {
      const owner = await userInTeam(handle.db);
      const { view } = await createContentToken(handle.db, owner, { name: "soon" });
      await handle.db.contentToken.update({
        where: { id: view.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const { view: other } = await createContentToken(handle.db, owner, { name: "other" });
      const revoked = await revokeContentToken(handle.db, owner, other.id);
      expect(revoked.status).toBe("revoked");
      expect(revoked.revokedAt).toBeInstanceOf(Date);
      const again = await revokeContentToken(handle.db, owner, other.id);
      expect(again.revokedAt).toEqual(revoked.revokedAt);
      const statuses = Object.fromEntries(
        (await listContentTokens(handle.db, owner)).map((t) => [t.name, t.status]),
      );
      expect(statuses).toEqual({ soon: "expired", other: "revoked" });
    });

    it("hides other teams' tokens and lets members only read", async () => {
      const owner = await userInTeam(handle.db);
      const stranger = await userInTeam(handle.db);
      const member = await userInTeam(handle.db, "member", owner.teamId);
      const { view } = await createContentToken(handle.db, owner, { name: "t" });
      expect(await listContentTokens(handle.db, stranger)).toEqual([]);
      expect((await rejection(revokeContentToken(handle.db, stranger, view.id))).status).toBe(404);
      expect(
        (await rejection(createContentToken(handle.db, stranger, { name: "x" }, owner.teamId))).status,
      ).toBe(404);
      expect((await listContentTokens(handle.db, member)).map((t) => t.id)).toEqual([view.id]);
      expect((await rejection(revokeContentToken(handle.db, member, view.id))).status).toBe(403);
      expect((await rejection(createContentToken(handle.db, member, { name: "x" }))).status).toBe(403);
    });
  });

  describe("teams", () => {
    it("creates a team with a unique slug, its creator owner", async () => {
      const user = await userInTeam(handle.db);
      const first = await createTeam(handle.db, user, { name: "Research Lab!" });
      expect(first).toMatchObject({
        name: "Research Lab!",
        slug: "research-lab",
        role: "owner",
        memberCount: 1,
      });
      const second = await createTeam(handle.db, user, { name: "research lab" });
      expect(second.slug).toBe("research-lab-2");
      expect(slugify("¡¡")).toBe("team");
      const mine = await listMyTeams(handle.db, user);
      expect(mine.map((t) => t.slug)).toEqual(expect.arrayContaining(["research-lab", "research-lab-2"]));
      expect((await rejection(createTeam(handle.db, user, { name: "" }))).fields.name).toBeDefined();
    });

    it("lets admins rename and members read; strangers see nothing", async () => {
      const owner = await userInTeam(handle.db);
      const admin = await userInTeam(handle.db, "admin", owner.teamId);
      const member = await userInTeam(handle.db, "member", owner.teamId);
      const stranger = await userInTeam(handle.db);
      const renamed = await renameTeam(handle.db, admin, owner.teamId, { name: "Renamed" });
      expect(renamed).toMatchObject({ name: "Renamed", role: "admin", memberCount: 3 });
      expect((await rejection(renameTeam(handle.db, member, owner.teamId, { name: "x" }))).status).toBe(403);
      expect((await rejection(renameTeam(handle.db, stranger, owner.teamId, { name: "x" }))).status).toBe(
        404,
      );
      expect((await listMembers(handle.db, member, owner.teamId)).map((m) => m.role)).toEqual([
        "owner",
        "admin",
        "member",
      ]);
      expect((await rejection(listMembers(handle.db, stranger, owner.teamId))).status).toBe(404);
      expect((await listMyTeams(handle.db, stranger)).map((t) => t.id)).not.toContain(owner.teamId);
      expect(
        (await rejection(addMember(handle.db, stranger, owner.teamId, { username: stranger.username })))
          .status,
      ).toBe(404);
      expect((await rejection(removeMember(handle.db, stranger, owner.teamId, member.userId))).status).toBe(
        404,
      );
    });

    it("adds, re-roles and removes members with the owner rules", async () => {
      const owner = await userInTeam(handle.db);
      const admin = await userInTeam(handle.db, "admin", owner.teamId);
      const member = await userInTeam(handle.db, "member", owner.teamId);
      const outsider = await userInTeam(handle.db);
      const newcomer = await userInTeam(handle.db);

      expect(
        (await rejection(addMember(handle.db, member, owner.teamId, { username: outsider.username }))).status,
      ).toBe(403);
      expect(
        (
          await rejection(
            addMember(handle.db, admin, owner.teamId, { username: outsider.username, role: "owner" }),
          )
        ).status,
      ).toBe(403);
      const added = await addMember(handle.db, admin, owner.teamId, {
        username: outsider.username.toUpperCase(),
        role: "member",
      });
      expect(added).toMatchObject({ username: outsider.username, role: "member" });
      const duplicate = await rejection(
        addMember(handle.db, admin, owner.teamId, { username: outsider.username }),
      );
      expect(duplicate.fields.username).toEqual(["This user is already a member."]);
      const unknown = await rejection(addMember(handle.db, admin, owner.teamId, { username: "nobody_here" }));
      expect(unknown.fields.username).toBeDefined();

      expect(
        (await rejection(changeRole(handle.db, admin, owner.teamId, owner.userId, "member"))).status,
      ).toBe(403);
      expect(
        (await rejection(changeRole(handle.db, admin, owner.teamId, member.userId, "owner"))).status,
      ).toBe(403);
      expect(
        (await rejection(changeRole(handle.db, member, owner.teamId, outsider.userId, "admin"))).status,
      ).toBe(403);
      expect((await changeRole(handle.db, admin, owner.teamId, outsider.userId, "admin")).role).toBe("admin");
      expect(
        (await rejection(changeRole(handle.db, owner, owner.teamId, member.userId, "boss"))).status,
      ).toBe(400);
      expect(
        (await rejection(changeRole(handle.db, owner, owner.teamId, newcomer.userId, "admin"))).status,
      ).toBe(404);

      // The last owner can neither be demoted nor removed.
      expect(
        (await rejection(changeRole(handle.db, owner, owner.teamId, owner.userId, "admin"))).status,
      ).toBe(409);
      expect((await rejection(removeMember(handle.db, owner, owner.teamId, owner.userId))).status).toBe(409);
      expect((await rejection(removeMember(handle.db, admin, owner.teamId, owner.userId))).status).toBe(403);
      await changeRole(handle.db, owner, owner.teamId, member.userId, "owner");
      await changeRole(handle.db, owner, owner.teamId, owner.userId, "member");
      expect((await rejection(removeMember(handle.db, member, owner.teamId, member.userId))).status).toBe(
        409,
      );

      await removeMember(handle.db, admin, owner.teamId, outsider.userId);
      expect((await listMembers(handle.db, member, owner.teamId)).map((m) => m.username)).not.toContain(
        outsider.username,
      );
      expect((await rejection(listMembers(handle.db, outsider, owner.teamId))).status).toBe(404);
      const actions = (await handle.db.auditEvent.findMany({ where: { teamId: owner.teamId } })).map(
        (e) => e.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining(["team.member.add", "team.member.role", "team.member.remove"]),
      );
    });
  });

  describe("users", () => {
    it("lets only owners of the default team create users, with a hashed password", async () => {
      const team =
        (await handle.db.team.findUnique({ where: { slug: "default" } })) ??
        (await handle.db.team.create({ data: { name: "Default", slug: "default" } }));
      const instanceAdmin = await userInTeam(handle.db, "owner", team.id);
      const defaultAdmin = await userInTeam(handle.db, "admin", team.id);
      const otherOwner = await userInTeam(handle.db);
      expect(await isInstanceAdmin(handle.db, instanceAdmin)).toBe(true);
      expect(await isInstanceAdmin(handle.db, defaultAdmin)).toBe(false);

      const input = { username: `Bob_${provider}`.slice(0, 20), password: "correct horse" };
      for (const actor of [defaultAdmin, otherOwner]) {
        expect((await rejection(createUser(handle.db, actor, input, fakeHash))).status).toBe(403);
      }
      const user = await createUser(handle.db, instanceAdmin, input, fakeHash);
      expect(user.username).toBe(input.username.toLowerCase());
      const account = await handle.db.account.findFirstOrThrow({ where: { userId: user.id } });
      expect(account.password).toBe("hashed:13");
      expect(await listMyTeams(handle.db, { userId: user.id, username: user.username })).toEqual([]);

      const taken = await rejection(createUser(handle.db, instanceAdmin, input, fakeHash));
      expect(taken.fields.username).toEqual(["This username is taken."]);
      const bad = await rejection(
        createUser(handle.db, instanceAdmin, { username: "x", password: "short" }, fakeHash),
      );
      expect(Object.keys(bad.fields).sort()).toEqual(["password", "username"]);
    });
  });
});
