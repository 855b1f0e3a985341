import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../services/access.ts";
import { createDistribution } from "../../services/distributions.ts";
import { createRemote } from "../../services/remotes.ts";
import { instanceAdmin, remoteOptions, testPulpApi, userInTeam } from "../../test-fixtures.ts";

const providers = await testProviders();
const BASE = "http://web.test/pulp/api/v3/hubcache/";

describe.each(providers)("storage REST API on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let api: (request: Request) => Promise<Response>;
  const callers = new Map<string, Actor>();
  let owner: Actor & { teamId: string };
  let distributionId: string;

  beforeAll(async () => {
    handle = await openTestDb(provider);
    owner = await userInTeam(handle.db);
    callers.set("Basic owner", owner);
    callers.set("Basic admin", await instanceAdmin(handle.db));
    callers.set("Basic stranger", await userInTeam(handle.db));
    const remote = await createRemote(handle.db, owner, { name: "hf" }, remoteOptions);
    distributionId = (
      await createDistribution(handle.db, owner, {
        name: "d",
        basePath: `rest-${owner.teamId}`,
        remoteId: remote.id,
      })
    ).id;
    api = testPulpApi(handle.db, callers);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const call = (path: string, as: string, method = "GET", body?: unknown) =>
    api(
      new Request(`${BASE}${path}`, {
        method,
        headers: { authorization: `Basic ${as}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  it("the instance admin sets a team's quota; the team reads it; others are refused", async () => {
    const team = `teams/${owner.teamId}/storage/`;
    expect((await call(team, "owner", "PATCH", { quotaBytes: 1000 })).status).toBe(403);
    expect((await call(team, "stranger")).status).toBe(404);
    const set = await call(team, "admin", "PATCH", { quotaBytes: 1000, retentionDays: 7 });
    expect(set.status).toBe(200);
    expect(await (await call(team, "owner")).json()).toMatchObject({
      quotaBytes: 1000,
      retentionDays: 7,
      usedBytes: 0,
    });
    const bad = await call(team, "admin", "PATCH", { quotaBytes: "lots" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty("quotaBytes");
    expect((await call("storage/", "owner")).status).toBe(403);
    expect(await (await call("storage/", "admin")).json()).toHaveProperty("storedBytes", 0);
  });

  it("pins and purges through a distribution; another team's distribution does not exist", async () => {
    const pins = `distributions/${distributionId}/pins/`;
    const created = await call(pins, "owner", "POST", { repoId: "org/model" });
    expect(created.status).toBe(201);
    const pin = (await created.json()) as { id: string; commit: string | null };
    expect(pin.commit).toBeNull();
    expect(((await (await call(pins, "owner")).json()) as { results: unknown[] }).results).toHaveLength(1);
    expect((await call(pins, "stranger")).status).toBe(404);
    expect((await call(`${pins}${pin.id}/`, "owner", "DELETE")).status).toBe(204);
    // A folder of the repo: its trailing "/" dropped; a path that leaves the repo is refused.
    const folder = await call(pins, "owner", "POST", { repoId: "org/model", path: "onnx/" });
    expect(folder.status).toBe(201);
    expect(await folder.json()).toMatchObject({ commit: null, path: "onnx" });
    const outside = await call(pins, "owner", "POST", { repoId: "org/model", path: "../other" });
    expect(outside.status).toBe(400);
    expect(await outside.json()).toHaveProperty("path");
    const listed = (await (await call(pins, "owner")).json()) as { results: Array<{ path: string | null }> };
    expect(listed.results.map((row) => row.path)).toEqual(["onnx"]);
    const purges = `distributions/${distributionId}/purges/`;
    const queued = await call(purges, "owner", "POST", { repoType: "model", repoId: "org/model" });
    expect(queued.status).toBe(201);
    expect(await queued.json()).toMatchObject({ status: "queued", repoId: "org/model" });
    expect((await call(purges, "stranger", "POST", { repoType: "model", repoId: "org/model" })).status).toBe(
      404,
    );
    expect((await call("nowhere/", "owner")).status).toBe(404);
  });

  it("cache/purge/ queues a job at the commit the cache resolved, for the content server to carry out", async () => {
    const remoteId = (await handle.db.distribution.findUniqueOrThrow({ where: { id: distributionId } }))
      .remoteId;
    const commit = "c".repeat(40);
    await handle.db.revisionCache.create({
      data: { remoteId, repoType: "model", repoId: "org/model", revision: "main", commit },
    });
    const purge = `http://web.test/pulp/api/v3/distributions/hugging_face/hugging-face/${distributionId}/cache/purge/`;
    const post = (as: string, body: unknown) =>
      api(
        new Request(purge, {
          method: "POST",
          headers: { authorization: `Basic ${as}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const before = await handle.db.purgeJob.count();
    const unknown = await post("owner", { repo: "org/model", revision: "v9" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toHaveProperty("revision");
    const noRevision = await post("owner", { repo: "org/model", path: "config.json" });
    expect(noRevision.status).toBe(400);
    expect(await noRevision.json()).toHaveProperty("revision");
    expect((await post("stranger", { repo: "org/model", revision: "main" })).status).toBe(404);
    expect(await handle.db.purgeJob.count()).toBe(before);

    const queued = await post("owner", { repo: "org/model", revision: "main", path: "config.json" });
    expect(queued.status).toBe(202);
    expect(queued.headers.get("location")).toBe(
      `/pulp/api/v3/hubcache/distributions/${distributionId}/purges/`,
    );
    const job = (await queued.json()) as { id: string };
    expect(job).toMatchObject({ status: "queued", repoId: "org/model", commit, path: "config.json" });
    const list = await call(`distributions/${distributionId}/purges/`, "owner");
    expect(((await list.json()) as { results: Array<{ id: string }> }).results[0]?.id).toBe(job.id);
  });
});
