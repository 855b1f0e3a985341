import type { Db, SecretBox } from "@hubcache/db";
import { ApiError } from "../errors.ts";
import { pageSchema } from "../schemas.ts";
import type { Actor } from "../services/access.ts";
import {
  createDistribution,
  deleteDistribution,
  getDistribution,
  listDistributionsFor,
  replaceDistribution,
  updateDistribution,
  type DistributionView,
} from "../services/distributions.ts";
import {
  createRemote,
  deleteRemote,
  getRemote,
  listRemotes,
  replaceRemote,
  updateRemote,
  type RemoteView,
} from "../services/remotes.ts";
import { DISTRIBUTION_FIELDS, REMOTE_FIELDS, toDomain, toPulpErrors } from "./fields.ts";
import { openApiDocument } from "./openapi.ts";
import { storageRoute } from "./storage-api.ts";

export interface PulpApiDeps {
  db: Db;
  secrets: SecretBox;
  /** REMOTE_URL_ALLOWLIST: where team admins and owners may point remotes (the instance admin: anywhere). */
  urlAllowlist: readonly string[];
  /** The caller from Basic auth, a bearer API token or a session; null when none is valid. */
  authenticate(request: Request): Promise<Actor | null>;
  /** The content server's public URL, for each distribution's `base_url`. */
  contentUrl: string;
}

export const PULP_API_PREFIX = "/pulp/api/v3/";
const REMOTES = "remotes/hugging_face/hugging-face/";
const DISTRIBUTIONS = "distributions/hugging_face/hugging-face/";
const STORAGE = "hubcache/";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

const remoteHref = (id: string) => `${PULP_API_PREFIX}${REMOTES}${id}/`;
const distributionHref = (id: string) => `${PULP_API_PREFIX}${DISTRIBUTIONS}${id}/`;

function serializeRemote(remote: RemoteView) {
  return {
    pulp_href: remoteHref(remote.id),
    pulp_created: remote.createdAt.toISOString(),
    pulp_last_updated: remote.updatedAt.toISOString(),
    name: remote.name,
    hf_hub_url: remote.hubUrl,
    policy: remote.policy,
    connect_timeout: remote.connectTimeoutMs / 1000,
    sock_read_timeout: remote.readTimeoutMs / 1000,
    include_patterns: remote.includePatterns,
    exclude_patterns: remote.excludePatterns,
    // As Pulp does for secrets: never the value, only whether one is set.
    hidden_fields: [{ name: "hf_token", is_set: remote.hfTokenSet }],
  };
}

function serializeDistribution(distribution: DistributionView, contentUrl: string) {
  return {
    pulp_href: distributionHref(distribution.id),
    pulp_created: distribution.createdAt.toISOString(),
    pulp_last_updated: distribution.updatedAt.toISOString(),
    name: distribution.name,
    base_path: distribution.basePath,
    base_url: `${contentUrl.replace(/\/+$/, "")}/pulp/content/${distribution.basePath}/`,
    remote: remoteHref(distribution.remoteId),
    public: distribution.isPublic,
    // E.g. public over a remote with an HF token: said where the choice is made, in every answer.
    warnings: distribution.warnings,
  };
}

/** A remote given as its `pulp_href` (or a bare id) → the id. */
function remoteIdOf(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const match = new RegExp(`^(?:https?://[^/]+)?${PULP_API_PREFIX}${REMOTES}([^/]+)/?$`).exec(value);
  return match ? match[1] : value;
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError(400, "JSON parse error: send a JSON object with Content-Type: application/json.");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

function pageLinks(url: URL, count: number, limit: number, offset: number) {
  const at = (newOffset: number) => {
    const next = new URL(url);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("offset", String(newOffset));
    return next.toString();
  };
  return {
    next: offset + limit < count ? at(offset + limit) : null,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
  };
}

/** The seed's REST API (Pulp's shapes and URLs), as a fetch handler over the shared services. */
export function createPulpApi(deps: PulpApiDeps) {
  const { db } = deps;
  const remoteOptions = { secrets: deps.secrets, urlAllowlist: deps.urlAllowlist };

  async function collection(
    request: Request,
    actor: Actor,
    url: URL,
    kind: "remote" | "distribution",
  ): Promise<Response> {
    if (request.method === "GET") {
      const page = pageSchema.safeParse(Object.fromEntries(url.searchParams));
      if (!page.success) throw new ApiError(400, "limit and offset must be non-negative integers.");
      const { count, items } =
        kind === "remote"
          ? await listRemotes(db, actor, page.data)
          : await listDistributionsFor(db, actor, page.data);
      const results = items.map((item) =>
        kind === "remote"
          ? serializeRemote(item as RemoteView)
          : serializeDistribution(item as DistributionView, deps.contentUrl),
      );
      return json(200, { count, ...pageLinks(url, count, page.data.limit, page.data.offset), results });
    }
    if (request.method === "POST") {
      const body = await readJson(request);
      const team = typeof body.team === "string" ? body.team : undefined;
      if (kind === "remote") {
        const remote = await withPulpErrors(REMOTE_FIELDS, () =>
          createRemote(db, actor, toDomain(body, REMOTE_FIELDS), remoteOptions, team),
        );
        return json(201, serializeRemote(remote), { location: remoteHref(remote.id) });
      }
      const input = toDomain({ ...body, remote: remoteIdOf(body.remote) }, DISTRIBUTION_FIELDS);
      const distribution = await withPulpErrors(DISTRIBUTION_FIELDS, () =>
        createDistribution(db, actor, input, team),
      );
      return json(201, serializeDistribution(distribution, deps.contentUrl), {
        location: distributionHref(distribution.id),
      });
    }
    throw new ApiError(405, `Method "${request.method}" not allowed.`);
  }

  async function item(request: Request, actor: Actor, id: string, kind: "remote" | "distribution") {
    const method = request.method;
    if (method === "GET") {
      return kind === "remote"
        ? json(200, serializeRemote(await getRemote(db, actor, id)))
        : json(200, serializeDistribution(await getDistribution(db, actor, id), deps.contentUrl));
    }
    if (method === "PATCH" || method === "PUT") {
      // PATCH changes the fields sent; PUT replaces the object (omitted fields take their defaults).
      const body = await readJson(request);
      if (kind === "remote") {
        const change = method === "PUT" ? replaceRemote : updateRemote;
        const remote = await withPulpErrors(REMOTE_FIELDS, () =>
          change(db, actor, id, toDomain(body, REMOTE_FIELDS), remoteOptions),
        );
        return json(200, serializeRemote(remote));
      }
      const input = toDomain(
        "remote" in body ? { ...body, remote: remoteIdOf(body.remote) } : body,
        DISTRIBUTION_FIELDS,
      );
      const change = method === "PUT" ? replaceDistribution : updateDistribution;
      const distribution = await withPulpErrors(DISTRIBUTION_FIELDS, () => change(db, actor, id, input));
      return json(200, serializeDistribution(distribution, deps.contentUrl));
    }
    if (method === "DELETE") {
      await (kind === "remote" ? deleteRemote(db, actor, id) : deleteDistribution(db, actor, id));
      return json(204, null);
    }
    throw new ApiError(405, `Method "${method}" not allowed.`);
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
    if (!path.startsWith(PULP_API_PREFIX)) throw new ApiError(404, "Not found.");
    const rest = path.slice(PULP_API_PREFIX.length);
    if (rest === "docs/api.json/" && request.method === "GET") return json(200, openApiDocument());
    const actor = await deps.authenticate(request);
    if (!actor) {
      return json(
        401,
        { detail: "Authentication credentials were not provided or are invalid." },
        { "www-authenticate": 'Basic realm="hubcache"' },
      );
    }
    if (rest.startsWith(STORAGE)) {
      const body = await storageRoute(db, request, actor, rest.slice(STORAGE.length), readJson);
      const created = request.method === "POST";
      return body === null ? json(204, null) : json(created ? 201 : 200, body);
    }
    for (const [prefix, kind] of [
      [REMOTES, "remote"],
      [DISTRIBUTIONS, "distribution"],
    ] as const) {
      if (!rest.startsWith(prefix)) continue;
      const id = rest.slice(prefix.length).replace(/\/$/, "");
      if (id === "") return collection(request, actor, url, kind);
      if (!id.includes("/")) return item(request, actor, decodeURIComponent(id), kind);
    }
    throw new ApiError(404, "Not found.");
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = Object.keys(error.fields).length > 0;
        return json(error.status, fields ? error.fields : { detail: error.message });
      }
      throw error;
    }
  };
}

/** Runs a service call and renames its field errors to the Pulp names the client used. */
async function withPulpErrors<T>(fields: Record<string, string>, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
      throw new ApiError(error.status, error.message, toPulpErrors(error.fields, fields));
    }
    throw error;
  }
}
