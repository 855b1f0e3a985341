import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceAdmin, rejection, remoteOptions, userInTeam } from "../test-fixtures.ts";
import { createRemote, getRemote, replaceRemote, updateRemote, type RemoteOptions } from "./remotes.ts";

const providers = await testProviders();
const OUTSIDE = ["http://10.0.0.7:8080", "http://127.0.0.1.nip.io:9000", "https://huggingface.co.evil.test"];

/** REMOTE_URL_ALLOWLIST bounds what team admins and owners may set; the instance admin may set any URL. */
describe.each(providers)("remote URL allowlist on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("refuses a team owner's remote outside the allowlist with a message on hubUrl; creates nothing", async () => {
    const owner = await userInTeam(handle.db);
    for (const hubUrl of OUTSIDE) {
      const error = await rejection(createRemote(handle.db, owner, { name: "hf", hubUrl }, remoteOptions));
      expect(error.status, hubUrl).toBe(400);
      expect(error.fields, hubUrl).toEqual({
        hubUrl: [expect.stringMatching(/allows remotes at https:\/\/huggingface\.co, /)],
      });
    }
    expect(await handle.db.remote.count({ where: { teamId: owner.teamId } })).toBe(0);
    // Inside: the exact origin, a wildcard label, a wildcard port.
    const inside = ["https://huggingface.co", "https://eu.example.com/hub", "http://127.0.0.1:39001"];
    for (const [i, hubUrl] of inside.entries()) {
      const remote = await createRemote(handle.db, owner, { name: `ok-${i}`, hubUrl }, remoteOptions);
      expect(remote.hubUrl).toBe(hubUrl);
    }
  });

  it("only the default allowlist applies when that is what the service is given", async () => {
    const owner = await userInTeam(handle.db);
    const defaults: RemoteOptions = { ...remoteOptions, urlAllowlist: ["https://huggingface.co"] };
    expect(
      (
        await rejection(
          createRemote(handle.db, owner, { name: "x", hubUrl: "https://eu.example.com" }, defaults),
        )
      ).fields.hubUrl,
    ).toBeDefined();
    expect((await createRemote(handle.db, owner, { name: "hf" }, defaults)).hubUrl).toBe(
      "https://huggingface.co",
    );
  });

  it("refuses a team admin's change to a URL outside it (PATCH and PUT); nothing changes", async () => {
    const owner = await userInTeam(handle.db);
    const admin = await userInTeam(handle.db, "admin", owner.teamId);
    const remote = await createRemote(handle.db, owner, { name: "hf", hfToken: "hf_x" }, remoteOptions);
    for (const change of [updateRemote, replaceRemote]) {
      const error = await rejection(
        change(handle.db, admin, remote.id, { name: "hf", hubUrl: "http://10.0.0.7" }, remoteOptions),
      );
      expect(error.fields.hubUrl).toHaveLength(1);
    }
    expect(await getRemote(handle.db, owner, remote.id)).toEqual(remote);
  });

  it("lets the instance admin set any URL, and team admins keep editing that remote without moving it", async () => {
    const admin = await instanceAdmin(handle.db);
    const teamAdmin = await userInTeam(handle.db, "admin", admin.teamId);
    const remote = await createRemote(
      handle.db,
      admin,
      { name: `op-${provider}`, hubUrl: "http://10.0.0.7:8080" },
      remoteOptions,
    );
    expect(remote.hubUrl).toBe("http://10.0.0.7:8080");
    // An admin of the default team is not the instance admin: may edit, not re-point elsewhere outside.
    const edited = await updateRemote(
      handle.db,
      teamAdmin,
      remote.id,
      { hubUrl: "http://10.0.0.7:8080/", policy: "streamed" },
      remoteOptions,
    );
    expect(edited).toMatchObject({ hubUrl: "http://10.0.0.7:8080", policy: "streamed" });
    const moved = await rejection(
      updateRemote(handle.db, teamAdmin, remote.id, { hubUrl: "http://10.0.0.8:8080" }, remoteOptions),
    );
    expect(moved.fields.hubUrl).toHaveLength(1);
    const byInstanceAdmin = await updateRemote(
      handle.db,
      admin,
      remote.id,
      { hubUrl: "http://10.0.0.8:8080" },
      remoteOptions,
    );
    expect(byInstanceAdmin.hubUrl).toBe("http://10.0.0.8:8080");
  });
});
