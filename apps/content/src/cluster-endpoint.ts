import { AppError, parseRange, type HubCache } from "@hubcache/core";
import { clusterAuthorized } from "./cluster-auth.ts";
import { FILL_PATH } from "./cluster-fills.ts";

/**
 * `GET /_cluster/fills/<fill key, base64url>` with a Range: the bytes of a fill this replica is
 * downloading, streamed as they arrive, for another replica whose clients want the same file (see
 * cluster-fills.ts). Only for callers holding CLUSTER_SECRET; 404 when this replica has no such fill.
 */
export function isClusterFillPath(path: string): boolean {
  return path.startsWith(FILL_PATH);
}

export function clusterFillResponse(
  request: Request,
  path: string,
  cache: HubCache,
  clusterSecret: string | null,
): Response {
  if (clusterSecret === null) throw new AppError(404, null, "Not found");
  if (!clusterAuthorized(request, clusterSecret))
    throw new AppError(401, null, "Cluster credentials required");
  if (request.method !== "GET") throw new AppError(405, null, "Fills are read with GET");
  const fillKey = Buffer.from(path.slice(FILL_PATH.length), "base64url").toString("utf8");
  const fill = cache.files.localFill(fillKey);
  if (!fill) throw new AppError(404, null, "This replica has no such fill running");
  const range = parseRange(request.headers.get("range"), fill.size);
  if (range.kind !== "partial") throw new AppError(416, null, "A fill is read by byte range");
  const { start, end } = range.range;
  return new Response(fill.stream(start, end), {
    status: 206,
    headers: {
      "content-type": "application/octet-stream",
      "content-range": `bytes ${start}-${end}/${fill.size}`,
      "content-length": String(end - start + 1),
    },
  });
}
