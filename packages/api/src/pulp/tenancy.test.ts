import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../services/access.ts";
import {
  dbSnapshot,
  ghostIds,
  secrets,
  tenancyWorld,
  TEST_URL_ALLOWLIST,
  type TenancyIds,
} from "../test-fixtures.ts";
import { createPulpApi, PULP_API_PREFIX } from "./api.ts";
import { openApiDocument } from "./openapi.ts";

const providers = await testProviders();

/**
 * Who calls: nobody; a member of another team (who owns that team) with this team's ids; a plain member
 * of this team; an admin of this team.
 */
const ROLES = ["anonymous", "stranger", "member", "admin"] as const;
type Role = (typeof ROLES)[number];

const REMOTES = `${PULP_API_PREFIX}remotes/hugging_face/hugging-face/`;
const DISTRIBUTIONS = `${PULP_API_PREFIX}distributions/hugging_face/hugging-face/`;
const DOCS = `${PULP_API_PREFIX}docs/api.json/`;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface Route {
  /** The URL called, with the first team's ids (or, for the comparison, ids that do not exist). */
  path: (ids: TenancyIds) => string;
  body?: (ids: TenancyIds) => Record<string, unknown>;
  /** The status each caller gets. */
  status: Record<Role, number>;
  /** Members' answers show the team's rows: so that the stranger's showing none means something. */
  shows?: true;
}

/** Reads: members may; changes: admins and owners only; another team's ids do not exist (404). */
const read = (list = false): Route["status"] => ({
  anonymous: 401,
  stranger: list ? 200 : 404,
  member: 200,
  admin: 200,
});
const change = (admin: number): Route["status"] => ({ anonymous: 401, stranger: 404, member: 403, admin });

/** One row per route: `METHOD path` as the OpenAPI document spells it. */
const ROUTES: Record<string, Route> = {
  [`GET ${DOCS}`]: {
    path: () => DOCS,
    status: { anonymous: 200, stranger: 200, member: 200, admin: 200 },
  },
  [`GET ${REMOTES}`]: { path: () => REMOTES, status: read(true), shows: true },
  [`POST ${REMOTES}`]: {
    path: () => REMOTES,
    body: (ids) => ({ name: "created", team: ids.teamId, hf_hub_url: "https://huggingface.co" }),
    status: change(201),
  },
  [`GET ${REMOTES}{id}/`]: { path: (ids) => `${REMOTES}${ids.remoteId}/`, status: read(), shows: true },
  [`PUT ${REMOTES}{id}/`]: {
    path: (ids) => `${REMOTES}${ids.remoteId}/`,
    body: () => ({ name: "replaced", hf_hub_url: "https://huggingface.co" }),
    status: change(200),
  },
  [`PATCH ${REMOTES}{id}/`]: {
    path: (ids) => `${REMOTES}${ids.remoteId}/`,
    body: () => ({ name: "patched" }),
    status: change(200),
  },
  [`DELETE ${REMOTES}{id}/`]: { path: (ids) => `${REMOTES}${ids.spareRemoteId}/`, status: change(204) },
  [`GET ${DISTRIBUTIONS}`]: { path: () => DISTRIBUTIONS, status: read(true), shows: true },
  [`POST ${DISTRIBUTIONS}`]: {
    path: () => DISTRIBUTIONS,
    body: (ids) => ({
      name: "created",
      team: ids.teamId,
      base_path: `created-${ids.remoteId}`,
      remote: `${REMOTES}${ids.remoteId}/`,
    }),
    status: change(201),
  },
  [`GET ${DISTRIBUTIONS}{id}/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/`,
    status: read(),
    shows: true,
  },
  [`PUT ${DISTRIBUTIONS}{id}/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/`,
    body: (ids) => ({
      name: "replaced",
      base_path: `replaced-${ids.remoteId}`,
      remote: `${REMOTES}${ids.remoteId}/`,
    }),
    status: change(200),
  },
  [`PATCH ${DISTRIBUTIONS}{id}/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/`,
    body: () => ({ public: true }),
    status: change(200),
  },
  [`DELETE ${DISTRIBUTIONS}{id}/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/`,
    status: change(204),
  },
};

/** The routes the API has: every method of every path of its OpenAPI document, and the document. */
function documentedRoutes(): string[] {
  const routes = [`GET ${DOCS}`];
  for (const [path, item] of Object.entries(openApiDocument().paths)) {
    for (const method of Object.keys(item)) {
      const upper = method.toUpperCase();
      if (METHODS.some((known) => known === upper)) routes.push(`${upper} ${path}`);
    }
  }
  return routes.sort();
}

describe("the REST tenancy table", () => {
  it("has one row per route, and no row for a route that does not exist", () => {
    expect(Object.keys(ROUTES).sort()).toEqual(documentedRoutes());
  });
});

describe.each(providers)("REST API tenancy on %s", { timeout: 60_000 }, (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let api: (request: Request) => Promise<Response>;
  /** Authorization header → caller; real credential checks are the web app's. */
  const callers = new Map<string, Actor>();
  const authorization = (actor: Actor) => {
    const header = `Test ${actor.userId}`;
    callers.set(header, actor);
    return header;
  };

  beforeAll(async () => {
    handle = await openTestDb(provider);
    api = createPulpApi({
      db: handle.db,
      secrets,
      urlAllowlist: TEST_URL_ALLOWLIST,
      contentUrl: "http://cache.test:8080",
      authenticate: async (request) => callers.get(request.headers.get("authorization") ?? "") ?? null,
    });
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  const send = async (method: string, path: string, actor: Actor | null, body?: Record<string, unknown>) => {
    const response = await api(
      new Request(`http://web.test${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          ...(actor ? { authorization: authorization(actor) } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    return { status: response.status, text: await response.text() };
  };

  it.each(Object.entries(ROUTES))("%s", async (route, row) => {
    const method = route.split(" ")[0]!;
    const world = await tenancyWorld(handle.db);
    const actors: Record<Role, Actor | null> = {
      anonymous: null,
      stranger: world.stranger,
      member: world.member,
      admin: world.admin,
    };
    const call = (role: Role, ids: TenancyIds) => send(method, row.path(ids), actors[role], row.body?.(ids));
    const answers: Partial<Record<Role, number>> = {};
    for (const role of ROLES) {
      const before = await dbSnapshot(handle.db);
      const answer = await call(role, world.ids);
      answers[role] = answer.status;
      const changes = role === "admin" && method !== "GET";
      if (!changes) expect(await dbSnapshot(handle.db), `${role}: nothing changes`).toEqual(before);
      if (role === "anonymous" || role === "stranger") {
        for (const marker of world.markers) expect(answer.text, `${role}: no data`).not.toContain(marker);
      } else if (row.shows) {
        expect(world.markers.some((marker) => answer.text.includes(marker))).toBe(true);
      }
      if (role === "stranger" && answer.status === 404) {
        // Indistinguishable from ids that do not exist.
        expect(await call(role, ghostIds(world.ids))).toEqual(answer);
      }
    }
    expect(answers).toEqual(row.status);
  });

  it("answers 405 to every method a documented path does not list", async () => {
    const { admin, ids } = await tenancyWorld(handle.db);
    const concrete: Record<string, string> = {
      [REMOTES]: REMOTES,
      [`${REMOTES}{id}/`]: `${REMOTES}${ids.remoteId}/`,
      [DISTRIBUTIONS]: DISTRIBUTIONS,
      [`${DISTRIBUTIONS}{id}/`]: `${DISTRIBUTIONS}${ids.distributionId}/`,
    };
    const documented = documentedRoutes();
    const refused: string[] = [];
    for (const path of Object.keys(openApiDocument().paths)) {
      const url = concrete[path];
      if (url === undefined) throw new Error(`no concrete URL for ${path}: add one`);
      for (const method of METHODS) {
        if (documented.includes(`${method} ${path}`)) continue;
        const before = await dbSnapshot(handle.db);
        const { status } = await send(method, url, admin, {});
        refused.push(`${method} ${path} ${status}`);
        expect(await dbSnapshot(handle.db)).toEqual(before);
      }
    }
    expect(refused).toEqual(refused.map((line) => line.replace(/\d+$/, "405")));
    expect(refused.length).toBeGreaterThan(0);
  });
});
