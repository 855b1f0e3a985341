import type { Db } from "@hubcache/db";
import { ApiError } from "../errors.ts";
import type { Actor } from "../services/access.ts";
import {
  createPin,
  deletePin,
  instanceStorage,
  listPins,
  listPurgeJobs,
  requestPurge,
  setTeamLimits,
  teamStorage,
} from "../services/storage.ts";

/**
 * Storage endpoints under `/pulp/api/v3/hubcache/` (not Pulp's: Pulp has no quotas or pins), JSON with
 * the services' field names:
 *
 * - `GET storage/`: the instance's stored bytes and every team's usage and quota (instance admin)
 * - `GET|PATCH teams/{id or slug}/storage/`: usage, quota, retention, pins' bytes, largest repos, recent
 *   evictions; PATCH `{quotaBytes, retentionDays}` (quota: instance admin; retention: team admins too)
 * - `GET|POST distributions/{id}/pins/`, `DELETE distributions/{id}/pins/{pin}/`
 * - `GET|POST distributions/{id}/purges/`: purges queued for the content server, and their results
 */
export async function storageRoute(
  db: Db,
  request: Request,
  actor: Actor,
  rest: string,
  readJson: (request: Request) => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const parts = rest.split("/").filter(Boolean).map(decodeURIComponent);
  const method = request.method;
  const [head, id, sub, subId] = parts;
  if (head === "storage" && parts.length === 1 && method === "GET") return instanceStorage(db, actor);
  if (head === "teams" && id && sub === "storage" && parts.length === 3) {
    if (method === "GET") return teamStorage(db, actor, id);
    if (method === "PATCH") return setTeamLimits(db, actor, id, await readJson(request));
  }
  if (head === "distributions" && id && sub === "pins") {
    if (parts.length === 3 && method === "GET") return { results: await listPins(db, actor, id) };
    if (parts.length === 3 && method === "POST") {
      return createPin(db, actor, { ...(await readJson(request)), distributionId: id });
    }
    if (parts.length === 4 && subId && method === "DELETE") {
      await deletePin(db, actor, id, subId);
      return null;
    }
  }
  if (head === "distributions" && id && sub === "purges" && parts.length === 3) {
    if (method === "GET") return { results: await listPurgeJobs(db, actor, id) };
    if (method === "POST") return requestPurge(db, actor, id, await readJson(request));
  }
  throw new ApiError(404, "Not found.");
}
