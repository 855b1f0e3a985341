import { recordHeartbeat } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { instanceAdmin, userInTeam } from "@hubcache/services/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, trpcCode } from "../test-support.ts";

const providers = await testProviders();

describe.each(providers)("tRPC contentServer on %s", { timeout: 60_000 }, (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  const beat = {
    url: "http://replica-a.internal:8080",
    version: "0.1.0",
    startedAt: new Date(Date.now() - 3_600_000),
    fillsInFlight: 2,
    cacheMaxBytes: 8_000_000,
    upstreams: { "https://huggingface.co": "offline" as const, "https://hub.example": "online" as const },
  };

  it("lists the replicas heard from in the last day, the latest heartbeat first, to anyone signed in; their URLs and every upstream to the instance admin only", async () => {
    const now = Date.now();
    await recordHeartbeat(handle.db, { ...beat, id: "replica-a" }, new Date(now - 5_000));
    await recordHeartbeat(
      handle.db,
      { ...beat, id: "replica-b", url: "http://replica-b.internal:8080", fillsInFlight: 0, upstreams: {} },
      new Date(now - 2 * 60_000),
    );
    // Silent for two days: no longer listed.
    await recordHeartbeat(handle.db, { ...beat, id: "replica-gone" }, new Date(now - 2 * 86_400_000));

    const admin = await instanceAdmin(handle.db);
    const view = await callerAs(handle.db, admin).contentServer.list();
    expect(view.listedWithinMinutes).toBe(24 * 60);
    expect(view.servers.map((server) => server.id)).toEqual(["replica-a", "replica-b"]);
    expect(view.servers[0]).toEqual({
      id: "replica-a",
      url: "http://replica-a.internal:8080",
      version: "0.1.0",
      startedAt: beat.startedAt,
      heartbeatAt: new Date(now - 5_000),
      online: true,
      fillsInFlight: 2,
      cacheMaxBytes: 8_000_000,
      upstreams: beat.upstreams,
    });
    // Two minutes without a heartbeat (it beats every 10 s): listed, not responding.
    expect(view.servers[1]).toMatchObject({
      id: "replica-b",
      online: false,
      fillsInFlight: 0,
      upstreams: {},
    });

    // A team's member: the same replicas, without their internal addresses, and of the upstreams only
    // those the team has a remote on.
    const member = await userInTeam(handle.db, "member");
    await handle.db.remote.create({
      data: { teamId: member.teamId, name: "mirror", hubUrl: "https://hub.example" },
    });
    const seen = (await callerAs(handle.db, member).contentServer.list()).servers;
    expect(seen.map((server) => server.id)).toEqual(["replica-a", "replica-b"]);
    expect(seen[0]).toEqual({
      ...view.servers[0],
      url: null,
      upstreams: { "https://hub.example": "online" },
    });
    expect(seen[1]).toMatchObject({ url: null, online: false, upstreams: {} });

    // A user in no team at all: the replicas, no address, no upstream.
    const user = await handle.db.user.create({
      data: { username: "loner", name: "loner", email: "loner@example.test" },
    });
    const loner = { userId: user.id, username: user.username };
    const lonely = (await callerAs(handle.db, loner).contentServer.list()).servers;
    expect(lonely[0]).toEqual({ ...view.servers[0], url: null, upstreams: {} });
  });

  it("refuses whoever is not signed in", async () => {
    expect(await trpcCode(callerAs(handle.db, null).contentServer.list())).toBe("UNAUTHORIZED");
  });
});
