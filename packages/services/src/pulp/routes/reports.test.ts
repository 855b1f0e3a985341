import { hourOf, recordHeartbeat, recordUsage } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../services/access.ts";
import { createDistribution } from "../../services/distributions.ts";
import { createRemote } from "../../services/remotes.ts";
import { instanceAdmin, remoteOptions, testPulpApi, userInTeam } from "../../test-fixtures.ts";

const providers = await testProviders();
const API = "http://web.test/pulp/api/v3/";
const DAY_MS = 86_400_000;

/** usage/ and audit/ answer what their filters ask for: a team, a number of days, a time window. */
describe.each(providers)("usage and audit filters over REST on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let api: (request: Request) => Promise<Response>;
  const callers = new Map<string, Actor>();
  /** Owner of two teams: `research` and `ops` (slugs made unique per run). */
  let owner: Actor & { teamId: string };
  let research: { id: string; slug: string };
  let ops: { id: string; slug: string };

  beforeAll(async () => {
    handle = await openTestDb(provider);
    owner = await userInTeam(handle.db);
    research = await handle.db.team.findUniqueOrThrow({
      where: { id: owner.teamId },
      select: { id: true, slug: true },
    });
    ops = await handle.db.team.create({
      data: { name: "Ops", slug: `ops-${provider}` },
      select: { id: true, slug: true },
    });
    await handle.db.membership.create({ data: { teamId: ops.id, userId: owner.userId, role: "owner" } });
    callers.set("Basic owner", owner);
    callers.set("Basic stranger", await userInTeam(handle.db));
    callers.set("Basic admin", await instanceAdmin(handle.db));

    const now = Date.now();
    const traffic = async (team: string, hits: number, daysAgo: number) => {
      const remote = await createRemote(handle.db, owner, { name: `hf-${daysAgo}` }, remoteOptions, team);
      const distribution = await createDistribution(
        handle.db,
        owner,
        { name: `d-${daysAgo}`, basePath: `${team}/d-${daysAgo}`, remoteId: remote.id },
        team,
      );
      await recordUsage(handle.db, distribution.id, hourOf(new Date(now - daysAgo * DAY_MS)), {
        requests: hits,
        hits,
        misses: 0,
        bytesFromCache: hits,
        bytesFromUpstream: 0,
      });
    };
    await traffic(research.id, 3, 0);
    await traffic(research.id, 5, 10);
    await traffic(ops.id, 7, 0);

    const event = (teamId: string, action: string, at: string) =>
      handle.db.auditEvent.create({
        data: { teamId, actor: "alice", action, target: "t", detail: "{}", createdAt: new Date(at) },
      });
    await event(research.id, "test.january-first", "2026-01-01T12:00:00Z");
    await event(research.id, "test.january-second", "2026-01-02T12:00:00Z");
    await event(ops.id, "test.january-second-ops", "2026-01-02T13:00:00Z");
    await event(research.id, "test.january-third", "2026-01-03T12:00:00Z");

    api = testPulpApi(handle.db, callers);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const get = async (path: string, as = "owner") => {
    const response = await api(new Request(`${API}${path}`, { headers: { authorization: `Basic ${as}` } }));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const hits = async (query: string) => {
    const answer = await get(`usage/${query}`);
    expect(answer.status, query).toBe(200);
    return (answer.body as { totals: { hits: number }; daily: unknown[] }).totals.hits;
  };
  const actions = async (query: string) => {
    const answer = await get(`audit/${query}`);
    expect(answer.status, query).toBe(200);
    const page = answer.body as { count: number; results: Array<{ action: string }> };
    return page.results.map((event) => event.action).filter((action) => action.startsWith("test."));
  };

  it("usage/: team narrows to one team's distributions, days to the last days", async () => {
    expect(await hits("")).toBe(3 + 5 + 7);
    expect(await hits(`?team=${research.slug}`)).toBe(3 + 5);
    expect(await hits(`?team=${ops.id}`)).toBe(7);
    expect(await hits("?days=3")).toBe(3 + 7);
    expect(await hits(`?team=${research.slug}&days=3`)).toBe(3);
    const week = await get("usage/?days=7");
    expect((week.body as { daily: unknown[] }).daily).toHaveLength(7);
  });

  it("usage/: a bad days is a 400 on days; another user's team does not exist", async () => {
    for (const days of ["0", "91", "soon"]) {
      const answer = await get(`usage/?days=${days}`);
      expect(answer.status, days).toBe(400);
      expect(answer.body, days).toHaveProperty("days");
    }
    expect((await get(`usage/?team=${research.slug}`, "stranger")).status).toBe(404);
  });

  it("audit/: team narrows to one team, since and until to a time window (until excluded)", async () => {
    expect(await actions("")).toEqual([
      "test.january-third",
      "test.january-second-ops",
      "test.january-second",
      "test.january-first",
    ]);
    expect(await actions(`?team=${ops.slug}`)).toEqual(["test.january-second-ops"]);
    expect(await actions("?since=2026-01-02")).toEqual([
      "test.january-third",
      "test.january-second-ops",
      "test.january-second",
    ]);
    expect(await actions("?until=2026-01-02T12:00:00Z")).toEqual(["test.january-first"]);
    expect(await actions(`?team=${research.slug}&since=2026-01-02&until=2026-01-03`)).toEqual([
      "test.january-second",
    ]);
  });

  it("audit/: a bad time is a 400 on its parameter; another user's team does not exist", async () => {
    const bad = await get("audit/?since=yesterday-ish");
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty("since");
    expect((await get(`audit/?team=${ops.slug}`, "stranger")).status).toBe(404);
  });

  it("status/: the content servers by their heartbeats, to anyone signed in (internal URLs and others' upstreams to the instance admin only); none yet: a probe of the one configured", async () => {
    const servers = async (as = "owner") => {
      const answer = await get("status/", as);
      expect(answer.status).toBe(200);
      return answer.body.content_servers as Array<Record<string, unknown>>;
    };
    // The test API's probe finds nothing at CONTENT_PUBLIC_URL.
    expect(await servers()).toEqual([
      expect.objectContaining({ id: null, url: "http://cache.test:8080", online: false, heartbeat_at: null }),
    ]);

    const now = Date.now();
    const beat = {
      url: "http://replica-a.internal:8080",
      version: "0.1.0",
      startedAt: new Date(now - 3_600_000),
      fillsInFlight: 3,
      cacheMaxBytes: null,
      // A team's private mirror: no remote of `owner` points there.
      upstreams: {
        "https://huggingface.co": "offline" as const,
        "http://mirror.internal:9000": "online" as const,
      },
    };
    await recordHeartbeat(handle.db, { ...beat, id: "replica-a" }, new Date(now - 5_000));
    await recordHeartbeat(
      handle.db,
      { ...beat, id: "replica-b", url: "http://b:8080" },
      new Date(now - 60_000),
    );
    await recordHeartbeat(handle.db, { ...beat, id: "replica-gone" }, new Date(now - 2 * DAY_MS));
    expect(await servers("admin")).toEqual([
      {
        id: "replica-a",
        url: "http://replica-a.internal:8080",
        online: true,
        latency_ms: null,
        version: "0.1.0",
        heartbeat_at: new Date(now - 5_000).toISOString(),
        fills_in_flight: 3,
        cache_max_bytes: null,
        upstreams: { "https://huggingface.co": "offline", "http://mirror.internal:9000": "online" },
      },
      expect.objectContaining({ id: "replica-b", url: "http://b:8080", online: false }),
    ]);
    // A team's owner: the replicas, without their addresses, and the upstreams of the team's remotes.
    expect(await servers()).toEqual([
      expect.objectContaining({
        id: "replica-a",
        url: null,
        upstreams: { "https://huggingface.co": "offline" },
      }),
      expect.objectContaining({ id: "replica-b", url: null, online: false }),
    ]);
    // A user whose teams have no remote: no upstream at all.
    expect(await servers("stranger")).toEqual([
      expect.objectContaining({ id: "replica-a", url: null, upstreams: {}, fills_in_flight: 3 }),
      expect.objectContaining({ id: "replica-b", url: null }),
    ]);
  });
});
