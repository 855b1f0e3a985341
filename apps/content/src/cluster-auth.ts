import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Replica-to-replica requests carry the shared CLUSTER_SECRET as `Authorization: Bearer <secret>`.
 * Both sides are hashed first, so the comparison takes the same time whatever the header holds (its
 * length included) and `timingSafeEqual` always gets two buffers of one length.
 */
const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** True when `request` carries the cluster secret; always false when none is configured. */
export function clusterAuthorized(request: Request, secret: string | null): boolean {
  if (!secret) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(secret));
}

/** The headers that authorize a request to another replica. */
export function clusterAuthHeaders(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}
