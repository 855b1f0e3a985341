import { AppError, refused } from "../errors.ts";
import { compilePath, json, PULP_API_PREFIX, type Operation, type PulpApiDeps } from "./http.ts";
import { openApiDocument } from "./openapi.ts";
import { cacheRoutes } from "./routes/cache.ts";
import { remoteRoutes } from "./routes/remotes.ts";
import { reportRoutes } from "./routes/reports.ts";
import { teamRoutes } from "./routes/teams.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { storageRoutes } from "./routes/storage.ts";

export { PULP_API_PREFIX, type PulpApiDeps } from "./http.ts";

/** Every route of the API but the OpenAPI document; the document is generated from this list. */
export function pulpOperations(deps: PulpApiDeps): Operation[] {
  return [
    ...remoteRoutes(deps),
    ...teamRoutes(deps),
    ...tokenRoutes(deps),
    ...cacheRoutes(deps),
    ...reportRoutes(deps),
    ...storageRoutes(deps),
  ];
}

const DOCS = "docs/api.json/";

/** The REST API (Pulp's shapes and URLs), as a fetch handler over the shared services. */
export function createPulpApi(deps: PulpApiDeps) {
  const operations = pulpOperations(deps);
  // One entry per path, with the methods it takes.
  const paths = new Map<string, { match: ReturnType<typeof compilePath>; methods: Map<string, Operation> }>();
  for (const operation of operations) {
    const entry = paths.get(operation.path) ?? { match: compilePath(operation.path), methods: new Map() };
    entry.methods.set(operation.method, operation);
    paths.set(operation.path, entry);
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
    if (!path.startsWith(PULP_API_PREFIX)) throw refused(404, "Not found.");
    const rest = path.slice(PULP_API_PREFIX.length);
    if (rest === DOCS) {
      if (request.method !== "GET") throw refused(405, `Method "${request.method}" not allowed.`);
      return json(200, openApiDocument());
    }
    const actor = await deps.authenticate(request);
    if (!actor) {
      return json(
        401,
        { detail: "Authentication credentials were not provided or are invalid." },
        { "www-authenticate": 'Basic realm="hubcache"' },
      );
    }
    for (const entry of paths.values()) {
      let params: Record<string, string> | null;
      try {
        params = entry.match(rest);
      } catch {
        throw refused(404, "Not found."); // a malformed %-escape
      }
      if (!params) continue;
      const operation = entry.methods.get(request.method);
      if (!operation) throw refused(405, `Method "${request.method}" not allowed.`);
      return operation.handle({ request, url, actor, params });
    }
    throw refused(404, "Not found.");
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof AppError) {
        const fields = Object.keys(error.fields).length > 0;
        return json(error.status, fields ? error.fields : { detail: error.message }, error.headers);
      }
      throw error;
    }
  };
}
