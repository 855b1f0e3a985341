import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../services/access.ts";
import { dbSnapshot, ghostIds, tenancyWorld, testPulpApi, type TenancyIds } from "../test-fixtures.ts";
import { PULP_API_PREFIX } from "./api.ts";
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
const TEAMS = `${PULP_API_PREFIX}teams/`;
const TOKENS = `${PULP_API_PREFIX}tokens/`;
const API_TOKENS = `${PULP_API_PREFIX}api-tokens/`;
const TASKS = `${PULP_API_PREFIX}tasks/`;
const STORAGE = `${PULP_API_PREFIX}hubcache/`;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface Route {
  /** The URL called, with the first team's ids (or, for the comparison, ids that do not exist). */
  path: (ids: TenancyIds) => string;
  body?: (ids: TenancyIds) => Record<string, unknown>;
  /** The status each caller gets. */
  status: Record<Role, number>;
  /** Members' answers show the team's rows: so that the stranger's showing none means something. */
  shows?: true;
  /** Who changes the database when allowed (default: the admin, on anything but a GET). */
  changes?: Role[];
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
  [`GET ${DISTRIBUTIONS}{id}/cache/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/cache/`,
    status: read(),
    shows: true,
  },
  [`GET ${DISTRIBUTIONS}{id}/cache/files/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/cache/files/?repo=${ids.repoId}`,
    status: read(),
    shows: true,
  },
  [`POST ${DISTRIBUTIONS}{id}/cache/purge/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/cache/purge/`,
    body: (ids) => ({ repo: ids.repoId, revision: ids.commit }),
    status: change(202),
  },
  // Storage: the instance's total is the instance admin's; a team's, its members'; retention and pins,
  // its admins'; quotas, the instance admin's only.
  [`GET ${STORAGE}storage/`]: {
    path: () => `${STORAGE}storage/`,
    status: { anonymous: 401, stranger: 403, member: 403, admin: 403 },
  },
  [`GET ${STORAGE}teams/{team}/storage/`]: {
    path: (ids) => `${STORAGE}teams/${ids.teamId}/storage/`,
    status: read(),
    shows: true,
  },
  [`PATCH ${STORAGE}teams/{team}/storage/`]: {
    path: (ids) => `${STORAGE}teams/${ids.teamId}/storage/`,
    body: () => ({ retentionDays: 7 }),
    status: change(200),
  },
  [`GET ${STORAGE}distributions/{id}/pins/`]: {
    path: (ids) => `${STORAGE}distributions/${ids.distributionId}/pins/`,
    status: read(),
    shows: true,
  },
  [`POST ${STORAGE}distributions/{id}/pins/`]: {
    path: (ids) => `${STORAGE}distributions/${ids.distributionId}/pins/`,
    body: (ids) => ({ repoType: "model", repoId: ids.repoId }),
    status: change(201),
  },
  [`DELETE ${STORAGE}distributions/{id}/pins/{pin}/`]: {
    path: (ids) => `${STORAGE}distributions/${ids.distributionId}/pins/${ids.pinId}/`,
    status: change(204),
  },
  [`GET ${STORAGE}distributions/{id}/purges/`]: {
    path: (ids) => `${STORAGE}distributions/${ids.distributionId}/purges/`,
    status: read(),
  },
  [`POST ${STORAGE}distributions/{id}/purges/`]: {
    path: (ids) => `${STORAGE}distributions/${ids.distributionId}/purges/`,
    body: (ids) => ({ repoType: "model", repoId: ids.repoId }),
    status: change(201),
  },
  [`POST ${DISTRIBUTIONS}{id}/prefetch/`]: {
    path: (ids) => `${DISTRIBUTIONS}${ids.distributionId}/prefetch/`,
    body: () => ({ repo: "org/other", revision: "main" }),
    status: change(202),
  },
  [`GET ${TEAMS}`]: { path: () => TEAMS, status: read(true), shows: true },
  [`POST ${TEAMS}`]: {
    path: () => TEAMS,
    body: () => ({ name: "created" }),
    // Anyone signed in may create a team (of their own).
    status: { anonymous: 401, stranger: 201, member: 201, admin: 201 },
    changes: ["stranger", "member", "admin"],
  },
  [`GET ${TEAMS}{id}/`]: { path: (ids) => `${TEAMS}${ids.teamId}/`, status: read(), shows: true },
  [`PATCH ${TEAMS}{id}/`]: {
    path: (ids) => `${TEAMS}${ids.teamId}/`,
    body: () => ({ name: "renamed" }),
    status: change(200),
  },
  [`DELETE ${TEAMS}{id}/`]: {
    path: (ids) => `${TEAMS}${ids.teamId}/`,
    // Owners only: an admin may not either.
    status: { anonymous: 401, stranger: 404, member: 403, admin: 403 },
    changes: [],
  },
  [`GET ${TEAMS}{id}/members/`]: {
    path: (ids) => `${TEAMS}${ids.teamId}/members/`,
    status: read(),
    shows: true,
  },
  [`POST ${TEAMS}{id}/members/`]: {
    path: (ids) => `${TEAMS}${ids.teamId}/members/`,
    body: (ids) => ({ username: ids.newcomer, role: "member" }),
    status: change(201),
  },
  [`PATCH ${TEAMS}{id}/members/{user_id}/`]: {
    path: (ids) => `${TEAMS}${ids.teamId}/members/${ids.targetUserId}/`,
    body: () => ({ role: "admin" }),
    status: change(200),
  },
  [`DELETE ${TEAMS}{id}/members/{user_id}/`]: {
    path: (ids) => `${TEAMS}${ids.teamId}/members/${ids.targetUserId}/`,
    status: change(204),
  },
  [`POST ${PULP_API_PREFIX}users/`]: {
    path: () => `${PULP_API_PREFIX}users/`,
    body: () => ({ username: "made_by_api", password: "a long enough password" }),
    // The instance admin only.
    status: { anonymous: 401, stranger: 403, member: 403, admin: 403 },
    changes: [],
  },
  [`GET ${PULP_API_PREFIX}users/me/`]: {
    path: () => `${PULP_API_PREFIX}users/me/`,
    status: read(true),
    shows: true,
  },
  [`GET ${TOKENS}`]: { path: () => TOKENS, status: read(true), shows: true },
  [`POST ${TOKENS}`]: {
    path: () => TOKENS,
    body: (ids) => ({ name: "created", team: ids.teamId }),
    status: change(201),
  },
  [`GET ${TOKENS}{id}/`]: { path: (ids) => `${TOKENS}${ids.tokenId}/`, status: read(), shows: true },
  [`POST ${TOKENS}{id}/revoke/`]: { path: (ids) => `${TOKENS}${ids.tokenId}/revoke/`, status: change(200) },
  // Personal: everyone sees and makes their own; another user's token does not exist, whatever the team.
  [`GET ${API_TOKENS}`]: { path: () => API_TOKENS, status: read(true) },
  [`POST ${API_TOKENS}`]: {
    path: () => API_TOKENS,
    body: () => ({ name: "created" }),
    status: { anonymous: 401, stranger: 201, member: 201, admin: 201 },
    changes: ["stranger", "member", "admin"],
  },
  [`GET ${API_TOKENS}{id}/`]: {
    path: (ids) => `${API_TOKENS}${ids.apiTokenId}/`,
    status: { anonymous: 401, stranger: 404, member: 404, admin: 200 },
  },
  [`POST ${API_TOKENS}{id}/revoke/`]: {
    path: (ids) => `${API_TOKENS}${ids.apiTokenId}/revoke/`,
    status: { anonymous: 401, stranger: 404, member: 404, admin: 200 },
  },
  [`GET ${TASKS}`]: { path: () => TASKS, status: read(true), shows: true },
  [`GET ${TASKS}{id}/`]: { path: (ids) => `${TASKS}${ids.jobId}/`, status: read(), shows: true },
  [`PATCH ${TASKS}{id}/`]: {
    path: (ids) => `${TASKS}${ids.jobId}/`,
    body: () => ({ state: "canceled" }),
    status: change(200),
  },
  [`GET ${PULP_API_PREFIX}usage/`]: {
    path: () => `${PULP_API_PREFIX}usage/`,
    status: read(true),
    shows: true,
  },
  [`GET ${PULP_API_PREFIX}audit/`]: {
    path: () => `${PULP_API_PREFIX}audit/`,
    status: read(true),
    shows: true,
  },
  [`GET ${PULP_API_PREFIX}status/`]: { path: () => `${PULP_API_PREFIX}status/`, status: read(true) },
};

/** The routes the API has: every method of every path of its OpenAPI document, and the document. */
function documentedRoutes(): string[] {
  const routes = new Set([`GET ${DOCS}`]);
  for (const [path, item] of Object.entries(openApiDocument().paths)) {
    for (const method of Object.keys(item)) {
      const upper = method.toUpperCase();
      if (METHODS.some((known) => known === upper)) routes.add(`${upper} ${path}`);
    }
  }
  return [...routes].sort();
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
    api = testPulpApi(handle.db, callers);
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
      const changes = (row.changes ?? (method === "GET" ? [] : ["admin"])).includes(role);
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
    // Each documented path as its row calls it (without the query string).
    const concrete: Record<string, string> = {};
    for (const [route, row] of Object.entries(ROUTES)) {
      concrete[route.slice(route.indexOf(" ") + 1)] = row.path(ids).split("?")[0] ?? "";
    }
    const documented = documentedRoutes();
    const refused: string[] = [];
    for (const path of Object.keys(openApiDocument().paths)) {
      const url = concrete[path];
      if (url === undefined) throw new Error(`no concrete URL for ${path}: add one`);
      for (const method of METHODS) {
        if (documented.includes(`${method} ${path}`)) continue;
        const before = await dbSnapshot(handle.db);
        const { status } = await send(method, url, admin, method === "GET" ? undefined : {});
        refused.push(`${method} ${path} ${status}`);
        expect(await dbSnapshot(handle.db)).toEqual(before);
      }
    }
    expect(refused).toEqual(refused.map((line) => line.replace(/\d+$/, "405")));
    expect(refused.length).toBeGreaterThan(0);
  });

  it("a team's quota is the instance admin's: its owner and admins get 403, others 404, nothing changes", async () => {
    const world = await tenancyWorld(handle.db);
    const path = `${STORAGE}teams/${world.ids.teamId}/storage/`;
    for (const actor of [world.owner, world.admin, world.member, world.stranger]) {
      const before = await dbSnapshot(handle.db);
      const answer = await send("PATCH", path, actor, { quotaBytes: 1000 });
      expect(answer.status).toBe(actor === world.stranger ? 404 : 403);
      expect(await dbSnapshot(handle.db)).toEqual(before);
    }
  });
});
