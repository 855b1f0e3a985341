import { testProviders, openTestDb } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_WITH_TOKEN_WARNING } from "../schemas.ts";
import { rejection, remoteOptions, secrets, userInTeam } from "../test-fixtures.ts";
import {
  createDistribution,
  deleteDistribution,
  getDistribution,
  listDistributionsFor,
  updateDistribution,
} from "./distributions.ts";
import { createRemote, deleteRemote, getRemote, listRemotes, updateRemote } from "./remotes.ts";

const providers = await testProviders();

describe.each(providers)("services on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  describe("remotes", () => {
    it("keeps the HF token write-only and encrypted", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(
        handle.db,
        owner,
        { name: "hf", hfToken: "hf_secret_value" },
        remoteOptions,
      );
      expect(remote.hfTokenSet).toBe(true);
      expect(JSON.stringify(remote)).not.toContain("hf_secret_value");
      const row = await handle.db.remote.findUniqueOrThrow({ where: { id: remote.id } });
      expect(row.hfTokenEncrypted).not.toContain("hf_secret_value");
      expect(secrets.open(row.hfTokenEncrypted!)).toBe("hf_secret_value");
      const audit = await handle.db.auditEvent.findMany({ where: { teamId: owner.teamId } });
      expect(JSON.stringify(audit)).not.toContain("hf_secret_value");

      const cleared = await updateRemote(handle.db, owner, remote.id, { hfToken: null }, remoteOptions);
      expect(cleared.hfTokenSet).toBe(false);
      const untouched = await updateRemote(
        handle.db,
        owner,
        remote.id,
        { policy: "streamed" },
        remoteOptions,
      );
      expect(untouched).toMatchObject({
        hfTokenSet: false,
        policy: "streamed",
        hubUrl: "https://huggingface.co",
      });
    });

    it("rejects bad input with per-field messages and changes nothing", async () => {
      const owner = await userInTeam(handle.db);
      const error = await rejection(
        createRemote(
          handle.db,
          owner,
          { name: "bad name!", hubUrl: "ftp://x", policy: "sometimes" },
          remoteOptions,
        ),
      );
      expect(error.status).toBe(400);
      expect(Object.keys(error.fields).sort()).toEqual(["hubUrl", "name", "policy"]);
      expect(await handle.db.remote.count({ where: { teamId: owner.teamId } })).toBe(0);
    });

    it("takes plain http(s) hub URLs only, stored without a trailing slash", async () => {
      const owner = await userInTeam(handle.db);
      const refusals: Array<[string, RegExp]> = [
        ["file:///etc/passwd", /Only http and https/],
        ["https://user:secret@huggingface.co", /user name and password/],
        ["https://huggingface.co/?token=x", /query/],
        ["https://huggingface.co/#x", /fragment/],
        ["huggingface.co", /Enter a URL/],
      ];
      for (const [hubUrl, message] of refusals) {
        const error = await rejection(createRemote(handle.db, owner, { name: "hf", hubUrl }, remoteOptions));
        expect(error.status, hubUrl).toBe(400);
        expect(error.fields, hubUrl).toEqual({ hubUrl: [expect.stringMatching(message)] });
      }
      expect(await handle.db.remote.count({ where: { teamId: owner.teamId } })).toBe(0);
      const remote = await createRemote(
        handle.db,
        owner,
        { name: "hf", hubUrl: "HTTPS://HuggingFace.co//" },
        remoteOptions,
      );
      expect(remote.hubUrl).toBe("https://huggingface.co");
    });

    it("refuses a duplicate name in the same team", async () => {
      const owner = await userInTeam(handle.db);
      await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
      const error = await rejection(createRemote(handle.db, owner, { name: "hf" }, remoteOptions));
      expect(error.fields.name?.[0]).toMatch(/already exists/);
    });

    it("lists with a name filter and pagination", async () => {
      const owner = await userInTeam(handle.db);
      for (const name of ["a", "b", "c"]) await createRemote(handle.db, owner, { name }, remoteOptions);
      expect((await listRemotes(handle.db, owner, { limit: 2, offset: 0 })).items.map((r) => r.name)).toEqual(
        ["a", "b"],
      );
      const second = await listRemotes(handle.db, owner, { limit: 2, offset: 2 });
      expect(second).toMatchObject({ count: 3, items: [{ name: "c" }] });
      expect((await listRemotes(handle.db, owner, { limit: 10, offset: 0, name: "b" })).count).toBe(1);
    });

    it("will not delete a remote a distribution uses", async () => {
      const owner = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
      const distribution = await createDistribution(handle.db, owner, {
        name: "d",
        basePath: `p-${owner.teamId}`,
        remoteId: remote.id,
      });
      expect((await rejection(deleteRemote(handle.db, owner, remote.id))).status).toBe(409);
      await deleteDistribution(handle.db, owner, distribution.id);
      await deleteRemote(handle.db, owner, remote.id);
      expect((await rejection(getRemote(handle.db, owner, remote.id))).status).toBe(404);
    });
  });

  describe("distributions", () => {
    it("validates base paths: URL-safe, not reserved, never overlapping another team's", async () => {
      const owner = await userInTeam(handle.db);
      const other = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
      const otherRemote = await createRemote(handle.db, other, { name: "hf" }, remoteOptions);
      const base = `team-${owner.teamId.slice(-8)}`;
      await createDistribution(handle.db, owner, {
        name: "models",
        basePath: `${base}/models`,
        remoteId: remote.id,
      });
      for (const basePath of ["Upper", "a b", "api", "pulp/x", "../x", ""]) {
        const error = await rejection(
          createDistribution(handle.db, owner, { name: "x", basePath, remoteId: remote.id }),
        );
        expect(error.fields.basePath, basePath).toBeDefined();
      }
      for (const basePath of [base, `${base}/models`, `${base}/models/sub`]) {
        const error = await rejection(
          createDistribution(handle.db, other, { name: "x", basePath, remoteId: otherRemote.id }),
        );
        expect(error.fields.basePath?.[0], basePath).toMatch(/in use|overlaps/);
      }
      const ok = await createDistribution(handle.db, other, {
        name: "x",
        basePath: `/${base}-other/`,
        remoteId: otherRemote.id,
      });
      expect(ok.basePath).toBe(`${base}-other`);
    });

    it("warns when a public distribution's remote has an HF token, and only then", async () => {
      const owner = await userInTeam(handle.db);
      const withToken = await createRemote(handle.db, owner, { name: "t", hfToken: "hf_t" }, remoteOptions);
      const without = await createRemote(handle.db, owner, { name: "n" }, remoteOptions);
      const exposed = await createDistribution(handle.db, owner, {
        name: "exposed",
        basePath: `exposed-${owner.teamId}`,
        remoteId: withToken.id,
      });
      expect(exposed.warnings).toEqual([PUBLIC_WITH_TOKEN_WARNING]);
      const listed = await listDistributionsFor(handle.db, owner, { limit: 10, offset: 0 });
      expect(listed.items[0]?.warnings).toEqual([PUBLIC_WITH_TOKEN_WARNING]);
      const privately = await updateDistribution(handle.db, owner, exposed.id, { isPublic: false });
      expect(privately.warnings).toEqual([]);
      const tokenless = await updateDistribution(handle.db, owner, exposed.id, {
        isPublic: true,
        remoteId: without.id,
      });
      expect(tokenless.warnings).toEqual([]);
      await updateDistribution(handle.db, owner, exposed.id, { remoteId: withToken.id });
      await updateRemote(handle.db, owner, withToken.id, { hfToken: null }, remoteOptions);
      expect((await getDistribution(handle.db, owner, exposed.id)).warnings).toEqual([]);
    });

    it("only uses a remote of the same team", async () => {
      const owner = await userInTeam(handle.db);
      const other = await userInTeam(handle.db);
      const foreign = await createRemote(handle.db, other, { name: "hf" }, remoteOptions);
      const error = await rejection(
        createDistribution(handle.db, owner, {
          name: "d",
          basePath: `x-${owner.teamId}`,
          remoteId: foreign.id,
        }),
      );
      expect(error.fields.remoteId).toBeDefined();
    });
  });

  describe("tenancy", () => {
    it("another team's ids do not exist for you", async () => {
      const owner = await userInTeam(handle.db);
      const stranger = await userInTeam(handle.db);
      const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
      const distribution = await createDistribution(handle.db, owner, {
        name: "d",
        basePath: `t-${owner.teamId}`,
        remoteId: remote.id,
      });
      const attempts = [
        () => getRemote(handle.db, stranger, remote.id),
        () => updateRemote(handle.db, stranger, remote.id, { name: "stolen" }, remoteOptions),
        () => deleteRemote(handle.db, stranger, remote.id),
        () => getDistribution(handle.db, stranger, distribution.id),
        () => updateDistribution(handle.db, stranger, distribution.id, { isPublic: true }),
        () => deleteDistribution(handle.db, stranger, distribution.id),
      ];
      for (const attempt of attempts) expect((await rejection(attempt())).status).toBe(404);
      expect((await listRemotes(handle.db, stranger, { limit: 100, offset: 0 })).count).toBe(0);
      expect((await listDistributionsFor(handle.db, stranger, { limit: 100, offset: 0 })).count).toBe(0);
      expect((await getRemote(handle.db, owner, remote.id)).name).toBe("hf");
    });

    it("members read, admins and owners change", async () => {
      const owner = await userInTeam(handle.db);
      const member = await userInTeam(handle.db, "member", owner.teamId);
      const admin = await userInTeam(handle.db, "admin", owner.teamId);
      const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
      expect((await getRemote(handle.db, member, remote.id)).id).toBe(remote.id);
      expect(
        (await rejection(updateRemote(handle.db, member, remote.id, { name: "x" }, remoteOptions))).status,
      ).toBe(403);
      expect((await rejection(createRemote(handle.db, member, { name: "m" }, remoteOptions))).status).toBe(
        403,
      );
      expect((await updateRemote(handle.db, admin, remote.id, { name: "renamed" }, remoteOptions)).name).toBe(
        "renamed",
      );
    });
  });
});
