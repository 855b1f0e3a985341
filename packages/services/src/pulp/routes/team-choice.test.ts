import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../services/access.ts";
import { createRemote } from "../../services/remotes.ts";
import { rejection, remoteOptions, testPulpApi, userInTeam } from "../../test-fixtures.ts";

const providers = await testProviders();
const API = "http://web.test/pulp/api/v3/";
const REMOTES = "remotes/hugging_face/hugging-face/";
const DISTRIBUTIONS = "distributions/hugging_face/hugging-face/";

/**
 * Remotes, distributions and access tokens are created in a team: over REST the caller names it (`team`)
 * when they may change more than one, instead of the oldest being picked for them.
 */
describe.each(providers)("REST creates and the caller's team on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let api: (request: Request) => Promise<Response>;
  const callers = new Map<string, Actor>();
  /** Owner of `first` and admin of `second`: may change two teams. */
  let twoTeams: Actor & { teamId: string };
  let second: { id: string; slug: string };
  /** Owner of one team, a plain member of another: may change one. */
  let oneTeam: Actor & { teamId: string };

  beforeAll(async () => {
    handle = await openTestDb(provider);
    twoTeams = await userInTeam(handle.db, "owner");
    second = await handle.db.team.create({
      data: { name: "Second", slug: `second-${provider}` },
      select: { id: true, slug: true },
    });
    await handle.db.membership.create({
      data: { teamId: second.id, userId: twoTeams.userId, role: "admin" },
    });
    oneTeam = await userInTeam(handle.db, "owner");
    await handle.db.membership.create({
      data: { teamId: second.id, userId: oneTeam.userId, role: "member" },
    });
    callers.set("Basic two", twoTeams);
    callers.set("Basic one", oneTeam);
    api = testPulpApi(handle.db, callers);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const post = async (path: string, as: string, body: Record<string, unknown>) => {
    const response = await api(
      new Request(`${API}${path}`, {
        method: "POST",
        headers: { authorization: `Basic ${as}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const counts = async () => ({
    remotes: await handle.db.remote.count(),
    distributions: await handle.db.distribution.count(),
    tokens: await handle.db.contentToken.count(),
  });

  it("refuses a create without `team` when the caller may change two teams: 400 on team, nothing created", async () => {
    const before = await counts();
    const remote = await post(REMOTES, "two", { name: "hf", hf_hub_url: "https://huggingface.co" });
    expect(remote.status).toBe(400);
    const slugs = await handle.db.team.findMany({
      where: { id: { in: [twoTeams.teamId, second.id] } },
      select: { slug: true },
    });
    for (const { slug } of slugs) expect(String(remote.body.team)).toContain(slug);
    expect(Object.keys(remote.body)).toEqual(["team"]);

    const existing = await createRemote(handle.db, twoTeams, { name: "existing" }, remoteOptions, second.id);
    const distribution = await post(DISTRIBUTIONS, "two", {
      name: "models",
      base_path: "choice/models",
      remote: `/pulp/api/v3/${REMOTES}${existing.id}/`,
    });
    expect(distribution.status).toBe(400);
    expect(distribution.body).toHaveProperty("team");
    const token = await post("tokens/", "two", { name: "ci" });
    expect(token.status).toBe(400);
    expect(token.body).toHaveProperty("team");
    const notAString = await post("tokens/", "two", { name: "ci", team: 7 });
    expect(notAString.status).toBe(400);
    expect(notAString.body).toHaveProperty("team");
    expect(await counts()).toEqual({ ...before, remotes: before.remotes + 1 });
  });

  it("creates in the team named by slug or id", async () => {
    const remote = await post(REMOTES, "two", {
      name: "hf",
      hf_hub_url: "https://huggingface.co",
      team: second.slug,
    });
    expect(remote.status).toBe(201);
    const row = await handle.db.remote.findFirstOrThrow({ where: { name: "hf", teamId: second.id } });
    const distribution = await post(DISTRIBUTIONS, "two", {
      name: "models",
      base_path: "choice/models",
      remote: remote.body.pulp_href,
      team: second.id,
    });
    expect(distribution.status).toBe(201);
    expect(await handle.db.distribution.count({ where: { teamId: second.id, remoteId: row.id } })).toBe(1);
    const token = await post("tokens/", "two", { name: "ci", team: second.slug });
    expect(token.status).toBe(201);
    expect(token.body.team).toBe(second.slug);
  });

  it("picks the caller's only changeable team when `team` is omitted (a team they are a member of does not count)", async () => {
    const token = await post("tokens/", "one", { name: "ci" });
    expect(token.status).toBe(201);
    const team = await handle.db.team.findUniqueOrThrow({ where: { id: oneTeam.teamId } });
    expect(token.body.team).toBe(team.slug);
  });

  it("holds for the services themselves (the console's tRPC creates): no team, no guess", async () => {
    const error = await rejection(createRemote(handle.db, twoTeams, { name: "console" }, remoteOptions));
    expect(error.status).toBe(400);
    expect(error.fields?.team?.[0]).toMatch(/more than one team/);
    const named = await createRemote(
      handle.db,
      twoTeams,
      { name: "console" },
      remoteOptions,
      twoTeams.teamId,
    );
    expect(named.teamId).toBe(twoTeams.teamId);
  });
});
