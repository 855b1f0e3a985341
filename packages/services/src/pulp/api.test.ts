import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import type { Actor } from "../services/access.ts";
import {
  DISTRIBUTION_FIELD_CHANGES,
  DISTRIBUTION_FIELD_INVALID,
  REMOTE_FIELD_CHANGES,
  REMOTE_FIELD_INVALID,
  REMOTE_START,
  REMOTE_START_VIEW,
  testPulpApi,
  userInTeam,
} from "../test-fixtures.ts";
import { PUBLIC_WITH_TOKEN_WARNING } from "../schemas.ts";
import { DISTRIBUTION_FIELDS, REMOTE_FIELDS } from "./fields.ts";

const providers = await testProviders();
const ORIGIN = "http://web.test";
const REMOTES = `${ORIGIN}/pulp/api/v3/remotes/hugging_face/hugging-face/`;
const DISTRIBUTIONS = `${ORIGIN}/pulp/api/v3/distributions/hugging_face/hugging-face/`;

/** A domain object under the Pulp names (timeouts in seconds), as a REST client sends and reads it. */
function pulp(domain: Record<string, unknown>, fields: Record<string, string>): Record<string, unknown> {
  const byDomain = new Map(Object.entries(fields).map(([pulpName, name]) => [name, pulpName]));
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(domain)) {
    const pulpName = byDomain.get(name) ?? name;
    body[pulpName] = name.endsWith("TimeoutMs") && typeof value === "number" ? value / 1000 : value;
  }
  return body;
}
const pulpRemote = (domain: Record<string, unknown>) => {
  const { hfTokenSet, ...rest } = domain;
  return {
    ...pulp(rest, REMOTE_FIELDS),
    ...(hfTokenSet === undefined ? {} : { hidden_fields: [{ name: "hf_token", is_set: hfTokenSet }] }),
  };
};
/** An item without the timestamp a change moves. */
const unstamped = ({ pulp_last_updated: _, ...item }: Record<string, unknown>) => item;

describe.each(providers)("Pulp REST API on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let api: (request: Request) => Promise<Response>;
  /** Who each Authorization header stands for; real credential checks are the web app's. */
  const callers = new Map<string, Actor>();

  beforeAll(async () => {
    handle = await openTestDb(provider);
    callers.set("Basic alice", await userInTeam(handle.db));
    callers.set("Basic mallory", await userInTeam(handle.db));
    api = testPulpApi(handle.db, callers, async (request) => {
      const authorization = request.headers.get("authorization") ?? "";
      if (authorization === "Basic locked-out") {
        throw new AppError(429, "TooManyRequests", "Try again later.", { "retry-after": "7" });
      }
      return callers.get(authorization) ?? null;
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

  it("answers an AppError with its status, message and headers (a sign-in lock-out's Retry-After)", async () => {
    const locked = await call(REMOTES, { as: "Basic locked-out" });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("7");
    expect(await locked.json()).toEqual({ detail: "Try again later." });
  });

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

  it("refuses remote URLs outside REMOTE_URL_ALLOWLIST, or with user info, a query or a fragment: 400 on hf_hub_url", async () => {
    const before = (await (await call(REMOTES)).json()).count;
    const refusals: Array<[string, RegExp]> = [
      ["http://10.0.0.7:8080", /allows remotes at/],
      ["https://user:pw@huggingface.co", /user name and password/],
      ["https://huggingface.co/?x=1", /query/],
      ["https://huggingface.co/#x", /fragment/],
      ["gopher://huggingface.co", /Only http and https/],
    ];
    for (const [url, message] of refusals) {
      const response = await call(REMOTES, { method: "POST", body: { name: "outside", hf_hub_url: url } });
      expect(response.status, url).toBe(400);
      expect(await response.json(), url).toEqual({ hf_hub_url: [expect.stringMatching(message)] });
    }
    expect((await (await call(REMOTES)).json()).count).toBe(before);
    const remote = await (
      await call(REMOTES, { method: "POST", body: { name: "inside", hf_hub_url: "https://huggingface.co/" } })
    ).json();
    expect(remote.hf_hub_url).toBe("https://huggingface.co");
    for (const method of ["PATCH", "PUT"]) {
      const response = await call(remote.pulp_href, {
        method,
        body: { name: "inside", hf_hub_url: "http://10.0.0.7:8080" },
      });
      expect(response.status, method).toBe(400);
      expect(Object.keys(await response.json())).toEqual(["hf_hub_url"]);
    }
    expect(await (await call(remote.pulp_href)).json()).toEqual(remote);
  });

  it("warns in every distribution answer when a public one's remote has an HF token", async () => {
    const withToken = await (
      await call(REMOTES, { method: "POST", body: { name: "w-token", hf_token: "hf_reads_private_repos" } })
    ).json();
    const created = await call(DISTRIBUTIONS, {
      method: "POST",
      body: { name: "w-public", base_path: `w-public-${provider}`, remote: withToken.pulp_href },
    });
    expect(created.status).toBe(201);
    const distribution = await created.json();
    expect(distribution).toMatchObject({ public: true, warnings: [PUBLIC_WITH_TOKEN_WARNING] });
    expect(PUBLIC_WITH_TOKEN_WARNING).toMatch(/anyone .* private or gated repo/);
    expect((await (await call(distribution.pulp_href)).json()).warnings).toEqual([PUBLIC_WITH_TOKEN_WARNING]);
    const listed = await (await call(`${DISTRIBUTIONS}?name=w-public`)).json();
    expect(listed.results[0].warnings).toEqual([PUBLIC_WITH_TOKEN_WARNING]);
    // Private, or public over a remote without a token: no warning (an empty list).
    const madePrivate = await call(distribution.pulp_href, { method: "PATCH", body: { public: false } });
    expect((await madePrivate.json()).warnings).toEqual([]);
    await call(distribution.pulp_href, { method: "PATCH", body: { public: true } });
    await call(withToken.pulp_href, { method: "PATCH", body: { hf_token: null } });
    expect((await (await call(distribution.pulp_href)).json()).warnings).toEqual([]);
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

  describe("PATCH changes exactly the fields sent, PUT replaces", () => {
    const create = async (url: string, body: Record<string, unknown>) => {
      const response = await call(url, { method: "POST", body });
      expect(response.status).toBe(201);
      return (await response.json()) as Record<string, unknown> & { pulp_href: string };
    };
    const read = async (href: string) => (await (await call(href)).json()) as Record<string, unknown>;
    const newRemote = (name = "start") => create(REMOTES, pulp({ ...REMOTE_START, name }, REMOTE_FIELDS));
    let serial = 0;
    const newDistribution = async (isPublic: boolean) => {
      const remote = await newRemote(`for-d-${++serial}`);
      return create(DISTRIBUTIONS, {
        name: `d-${serial}`,
        base_path: `d-${provider}-${serial}`,
        remote: remote.pulp_href,
        public: isPublic,
      });
    };

    it.each(REMOTE_FIELD_CHANGES)("remote: PATCH $field ($value)", async ({ field, value, shows }) => {
      const remote = await newRemote(`r-${++serial}`);
      expect(remote).toMatchObject(pulpRemote({ ...REMOTE_START_VIEW, name: `r-${serial}` }));
      const { token: _, ...view } = shows;
      const patched = await call(remote.pulp_href, {
        method: "PATCH",
        body: pulp({ [field]: value }, REMOTE_FIELDS),
      });
      expect(patched.status).toBe(200);
      const expected = { ...unstamped(remote), ...pulpRemote(view) };
      expect(unstamped(await patched.json())).toEqual(expected);
      expect(unstamped(await read(remote.pulp_href))).toEqual(expected);
    });

    it.each(REMOTE_FIELD_INVALID)("remote: a bad $field is a 400 for it and changes nothing", async (bad) => {
      const remote = await newRemote(`r-${++serial}`);
      const [pulpName] = Object.keys(pulp({ [bad.field]: bad.value }, REMOTE_FIELDS));
      for (const method of ["PATCH", "PUT"]) {
        const body = pulp({ ...REMOTE_START, name: "changed", [bad.field]: bad.value }, REMOTE_FIELDS);
        const response = await call(remote.pulp_href, { method, body });
        expect(response.status, method).toBe(400);
        const errors = Object.keys((await response.json()) as Record<string, unknown>);
        expect(
          errors.map((key) => key.split(".")[0]),
          method,
        ).toEqual([pulpName]);
      }
      expect(await read(remote.pulp_href)).toEqual(remote);
    });

    it("remote: PUT gives omitted fields their defaults, keeps the write-only token, needs a name", async () => {
      const remote = await newRemote(`r-${++serial}`);
      const put = await call(remote.pulp_href, {
        method: "PUT",
        body: { name: "replaced", hf_hub_url: REMOTE_START.hubUrl },
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({
        name: "replaced",
        hf_hub_url: REMOTE_START.hubUrl,
        policy: "on_demand",
        connect_timeout: 10,
        sock_read_timeout: 60,
        include_patterns: [],
        exclude_patterns: [],
        hidden_fields: [{ name: "hf_token", is_set: true }],
      });
      const nameless = await call(remote.pulp_href, { method: "PUT", body: { policy: "streamed" } });
      expect(nameless.status).toBe(400);
      expect(Object.keys(await nameless.json())).toEqual(["name"]);
      expect((await read(remote.pulp_href)).policy).toBe("on_demand");
    });

    it("remote: PATCH of hf_hub_url to another origin without hf_token clears the token", async () => {
      const remote = await newRemote(`r-${++serial}`);
      const moved = await call(remote.pulp_href, {
        method: "PATCH",
        body: { hf_hub_url: "https://elsewhere.example.com" },
      });
      expect(moved.status).toBe(200);
      expect(await moved.json()).toMatchObject({
        hf_hub_url: "https://elsewhere.example.com",
        hidden_fields: [{ name: "hf_token", is_set: false }],
      });
      // Sent together, the new token is kept.
      const withToken = await call(remote.pulp_href, {
        method: "PATCH",
        body: { hf_hub_url: "https://hub.example.com", hf_token: "hf_new" },
      });
      expect(await withToken.json()).toMatchObject({ hidden_fields: [{ name: "hf_token", is_set: true }] });
      const put = await call(remote.pulp_href, {
        method: "PUT",
        body: { name: "moved", hf_hub_url: "https://elsewhere.example.com" },
      });
      expect(await put.json()).toMatchObject({ hidden_fields: [{ name: "hf_token", is_set: false }] });
    });

    it.each(DISTRIBUTION_FIELD_CHANGES)("distribution: PATCH $field", async ({ field, value }) => {
      const distribution = await newDistribution(false);
      const [pulpName = field] = Object.keys(pulp({ [field]: null }, DISTRIBUTION_FIELDS));
      const sent =
        field === "remoteId"
          ? (await newRemote(`other-${++serial}`)).pulp_href
          : field === "basePath"
            ? `moved-${provider}-${++serial}`
            : value;
      const patched = await call(distribution.pulp_href, { method: "PATCH", body: { [pulpName]: sent } });
      expect(patched.status).toBe(200);
      const body = (await patched.json()) as Record<string, unknown>;
      const expected = { ...unstamped(distribution), [pulpName]: sent };
      if (field === "basePath") expected.base_url = `http://cache.test:8080/pulp/content/${String(sent)}/`;
      // Every remote here has an HF token: public makes the warning appear.
      if (field === "isPublic") expected.warnings = [PUBLIC_WITH_TOKEN_WARNING];
      expect(unstamped(body)).toEqual(expected);
      expect(unstamped(await read(distribution.pulp_href))).toEqual(expected);
    });

    it('distribution: PATCH {"name"} of a private one keeps it private', async () => {
      const distribution = await newDistribution(false);
      const patched = await call(distribution.pulp_href, { method: "PATCH", body: { name: "x" } });
      expect(await patched.json()).toMatchObject({ name: "x", public: false });
    });

    it.each(DISTRIBUTION_FIELD_INVALID)(
      "distribution: a bad $field is a 400 for it and changes nothing",
      async (bad) => {
        const distribution = await newDistribution(false);
        const [pulpName] = Object.keys(pulp({ [bad.field]: bad.value }, DISTRIBUTION_FIELDS));
        for (const method of ["PATCH", "PUT"]) {
          const body = {
            name: "changed",
            base_path: distribution.base_path,
            remote: distribution.remote,
            ...pulp({ [bad.field]: bad.value }, DISTRIBUTION_FIELDS),
          };
          const response = await call(distribution.pulp_href, { method, body });
          expect(response.status, method).toBe(400);
          expect(Object.keys((await response.json()) as Record<string, unknown>), method).toEqual([pulpName]);
        }
        expect(await read(distribution.pulp_href)).toEqual(distribution);
      },
    );

    it("distribution: PUT gives omitted fields their defaults and needs the required ones", async () => {
      const distribution = await newDistribution(false);
      const put = await call(distribution.pulp_href, {
        method: "PUT",
        body: { name: "replaced", base_path: distribution.base_path, remote: distribution.remote },
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ name: "replaced", public: true });
      const partial = await call(distribution.pulp_href, { method: "PUT", body: { public: false } });
      expect(partial.status).toBe(400);
      expect(Object.keys(await partial.json()).sort()).toEqual(["base_path", "name", "remote"]);
      expect(await read(distribution.pulp_href)).toMatchObject({ name: "replaced", public: true });
    });
  });

  it("another user's hrefs do not exist", async () => {
    const remote = await (await call(REMOTES, { method: "POST", body: { name: "mine" } })).json();
    for (const method of ["GET", "PATCH", "PUT", "DELETE"]) {
      const response = await call(remote.pulp_href, {
        method,
        as: "Basic mallory",
        body: method === "PATCH" || method === "PUT" ? { name: "stolen" } : undefined,
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
    for (const [path, patched] of [
      ["remotes", "PatchedHuggingFaceRemote"],
      ["distributions", "PatchedHuggingFaceDistribution"],
    ] as const) {
      const item = doc.paths[`/pulp/api/v3/${path}/hugging_face/hugging-face/{id}/`];
      expect(Object.keys(item)).toEqual(expect.arrayContaining(["get", "put", "patch", "delete"]));
      expect(item.patch.requestBody.content["application/json"].schema.$ref).toBe(
        `#/components/schemas/${patched}`,
      );
      // A PATCH requires nothing and defaults nothing.
      expect(doc.components.schemas[patched].required).toEqual([]);
      expect(JSON.stringify(doc.components.schemas[patched])).not.toContain('"default"');
    }
    expect(doc.components.schemas.HuggingFaceDistribution.properties.public.default).toBe(true);
  });
});
