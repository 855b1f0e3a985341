import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../services/access.ts";
import { secrets, userInTeam } from "../test-fixtures.ts";
import { createPulpApi } from "./api.ts";

const providers = await testProviders();
const ORIGIN = "http://web.test";
const REMOTES = `${ORIGIN}/pulp/api/v3/remotes/hugging_face/hugging-face/`;
const DISTRIBUTIONS = `${ORIGIN}/pulp/api/v3/distributions/hugging_face/hugging-face/`;

describe.each(providers)("Pulp REST API on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let api: (request: Request) => Promise<Response>;
  /** Who each Authorization header stands for; real credential checks are the web app's. */
  const callers = new Map<string, Actor>();

  beforeAll(async () => {
    handle = await openTestDb(provider);
    callers.set("Basic alice", await userInTeam(handle.db));
    callers.set("Basic mallory", await userInTeam(handle.db));
    api = createPulpApi({
      db: handle.db,
      secrets,
      contentUrl: "http://cache.test:8080",
      authenticate: async (request) => callers.get(request.headers.get("authorization") ?? "") ?? null,
    });
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const call = (url: string, init: { method?: string; body?: unknown; as?: string } = {}) =>
    api(
      new Request(url.startsWith("http") ? url : `${ORIGIN}${url}`, {
        method: init.method ?? "GET",
        headers: { authorization: init.as ?? "Basic alice", "content-type": "application/json" },
        ...(init.body === undefined
          ? {}
          : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
      }),
    );

  it("runs the seed README: create remotes, find one by name, create a distribution on it", async () => {
    const created = await call(REMOTES, {
      method: "POST",
      body: { name: "hf-remote", hf_hub_url: "https://huggingface.co", policy: "on_demand" },
    });
    expect(created.status).toBe(201);
    const remote = await created.json();
    expect(remote).toMatchObject({
      name: "hf-remote",
      hf_hub_url: "https://huggingface.co",
      policy: "on_demand",
    });
    expect(remote.pulp_href).toMatch(/^\/pulp\/api\/v3\/remotes\/hugging_face\/hugging-face\/[^/]+\/$/);

    const privateRemote = await call(REMOTES, {
      method: "POST",
      body: {
        name: "hf-private",
        hf_hub_url: "https://huggingface.co",
        policy: "on_demand",
        hf_token: "YOUR_HF_TOKEN",
      },
    });
    const privateBody = await privateRemote.json();
    expect(privateBody.hidden_fields).toEqual([{ name: "hf_token", is_set: true }]);
    expect(JSON.stringify(privateBody)).not.toContain("YOUR_HF_TOKEN");

    const list = await (await call(REMOTES)).json();
    const href = list.results.find((r: { name: string }) => r.name === "hf-remote").pulp_href;
    expect(href).toBe(remote.pulp_href);

    const distribution = await call(DISTRIBUTIONS, {
      method: "POST",
      body: { name: "hf-proxy", base_path: `huggingface-${provider}`, remote: href },
    });
    expect(distribution.status).toBe(201);
    expect(await distribution.json()).toMatchObject({
      name: "hf-proxy",
      base_path: `huggingface-${provider}`,
      remote: href,
      base_url: `http://cache.test:8080/pulp/content/huggingface-${provider}/`,
    });
  });

  it("answers 401 without credentials, 400 with per-field messages, and creates nothing on bad input", async () => {
    const anonymous = await call(REMOTES, { as: "" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const before = (await (await call(REMOTES)).json()).count;
    const bad = await call(REMOTES, { method: "POST", body: { hf_hub_url: "not a url", policy: "never" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(await bad.json()).sort()).toEqual(["hf_hub_url", "name", "policy"]);
    const notJson = await call(REMOTES, { method: "POST", body: "{oops" });
    expect(notJson.status).toBe(400);
    expect((await (await call(REMOTES)).json()).count).toBe(before);
  });

  it("filters by name and pages with next/previous links", async () => {
    for (const name of ["page-a", "page-b", "page-c"])
      await call(REMOTES, { method: "POST", body: { name } });
    const first = await (await call(`${REMOTES}?limit=2&offset=0`)).json();
    expect(first.results).toHaveLength(2);
    expect(first.previous).toBeNull();
    const second = await (await call(first.next)).json();
    expect(second.previous).not.toBeNull();
    const byName = await (await call(`${REMOTES}?name=page-b`)).json();
    expect(byName).toMatchObject({ count: 1, results: [{ name: "page-b" }] });
  });

  it("reads, partially updates and deletes by pulp_href", async () => {
    const remote = await (await call(REMOTES, { method: "POST", body: { name: "to-edit" } })).json();
    const patched = await call(remote.pulp_href, {
      method: "PATCH",
      body: { policy: "streamed", connect_timeout: 5 },
    });
    expect(await patched.json()).toMatchObject({ policy: "streamed", connect_timeout: 5, name: "to-edit" });
    expect((await call(remote.pulp_href)).status).toBe(200);
    expect((await call(remote.pulp_href, { method: "DELETE" })).status).toBe(204);
    expect((await call(remote.pulp_href)).status).toBe(404);
  });

  it("another user's hrefs do not exist", async () => {
    const remote = await (await call(REMOTES, { method: "POST", body: { name: "mine" } })).json();
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const response = await call(remote.pulp_href, {
        method,
        as: "Basic mallory",
        body: method === "PATCH" ? {} : undefined,
      });
      expect(response.status, method).toBe(404);
    }
    const theirs = await (await call(REMOTES, { as: "Basic mallory" })).json();
    expect(theirs.results.map((r: { name: string }) => r.name)).not.toContain("mine");
  });

  it("publishes an OpenAPI document generated from the same schemas", async () => {
    const response = await api(new Request(`${ORIGIN}/pulp/api/v3/docs/api.json`));
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/pulp/api/v3/remotes/hugging_face/hugging-face/");
    const remoteSchema = doc.components.schemas.HuggingFaceRemote;
    expect(remoteSchema.properties.policy.enum).toEqual(["on_demand", "streamed", "immediate"]);
    expect(remoteSchema.required).toEqual(["name"]);
    expect(Object.keys(remoteSchema.properties)).toContain("hf_hub_url");
  });
});
