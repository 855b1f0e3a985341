import { listContentServers, type Db } from "@hubcache/db";
import type { z } from "zod";
import type { contentServerViewSchema, contentServersViewSchema } from "../schemas.ts";
import type { Actor } from "./access.ts";

/**
 * The content servers (the replicas of one cluster on one database) as their heartbeats tell: the REST
 * status/ and the console's dashboard list them with this one function.
 */

export type ContentServerView = z.infer<typeof contentServerViewSchema>;
export type ContentServersView = z.infer<typeof contentServersViewSchema>;

/** A server that sent no heartbeat for this long is shown offline (it beats every 10 s). */
const ALIVE_WITHIN_MS = 30_000;
/** Servers silent for longer than this are no longer listed. */
const LISTED_WITHIN_MS = 24 * 60 * 60_000;

/**
 * The content servers heard from in the last day, the most recent heartbeat first: URL, version, when it
 * started and last beat, fills in flight, storage limit, upstream states. Any signed-in user may see them
 * (as the REST status/ shows them to anyone signed in): `actor` is who asks, whatever their teams.
 */
export async function listContentServerViews(
  db: Db,
  _actor: Actor,
  now: Date = new Date(),
): Promise<ContentServersView> {
  const rows = await listContentServers(db, new Date(now.getTime() - LISTED_WITHIN_MS));
  return {
    listedWithinMinutes: LISTED_WITHIN_MS / 60_000,
    servers: rows.map((row) => ({
      id: row.id,
      url: row.url,
      version: row.version,
      startedAt: row.startedAt,
      heartbeatAt: row.heartbeatAt,
      online: now.getTime() - row.heartbeatAt.getTime() < ALIVE_WITHIN_MS,
      fillsInFlight: row.fillsInFlight,
      cacheMaxBytes: row.cacheMaxBytes,
      upstreams: row.upstreams,
    })),
  };
}
