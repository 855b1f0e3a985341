import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteOptions, userInTeam } from "../test-fixtures.ts";
import { listAuditEvents } from "./audit-log.ts";
import { createRemote, updateRemote } from "./remotes.ts";

const providers = await testProviders();

describe.each(providers)("audit log on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("tells who changed what in my teams, newest first, never a secret, and nothing of other teams", async () => {
    const owner = await userInTeam(handle.db);
    const stranger = await userInTeam(handle.db);
    const remote = await createRemote(
      handle.db,
      owner,
      { name: "hf", hfToken: "hf_top_secret" },
      remoteOptions,
    );
    await updateRemote(handle.db, owner, remote.id, { policy: "streamed" }, remoteOptions);
    await createRemote(handle.db, stranger, { name: "theirs" }, remoteOptions);

    const events = await listAuditEvents(handle.db, owner);
    expect(events.map((e) => [e.actor, e.action, e.target])).toEqual([
      [owner.username, "remote.update", "hf"],
      [owner.username, "remote.create", "hf"],
    ]);
    expect(events[1]?.detail).toMatchObject({ name: "hf", hfToken: "(set)" });
    expect(JSON.stringify(events)).not.toContain("hf_top_secret");

    const older = await listAuditEvents(handle.db, owner, { before: events[0]!.id });
    expect(older.map((e) => e.action)).toEqual(["remote.create"]);
  });
});
