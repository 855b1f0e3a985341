import { listContentServers, type Db } from "@hubcache/db";
import type { z } from "zod";
import type { contentServerViewSchema, contentServersViewSchema } from "../schemas.ts";
import { visibleTo, type Actor } from "./access.ts";
import { isInstanceAdmin } from "./users.ts";

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
 * started and last beat, fills in flight, storage limit, upstream states. Any signed-in user sees them
 * (the console's dashboard, the REST status/), but their internal URLs only the instance admin, and the
 * state of an upstream only the instance admin and the teams with a remote on it: a team's private
 * mirror is nobody else's business.
 */
export async function listContentServerViews(
  db: Db,
  actor: Actor,
  now: Date = new Date(),
): Promise<ContentServersView> {
  const rows = await listContentServers(db, new Date(now.getTime() - LISTED_WITHIN_MS));
  const admin = await isInstanceAdmin(db, actor);
  const origins = admin ? null : await originsOfRemotes(db, actor);
  const shown = (upstreams: Record<string, "online" | "offline">) =>
    origins
      ? Object.fromEntries(Object.entries(upstreams).filter(([origin]) => origins.has(origin)))
      : upstreams;
  return {
    listedWithinMinutes: LISTED_WITHIN_MS / 60_000,
    servers: rows.map((row) => ({
      id: row.id,
      url: admin ? row.url : null,
      version: row.version,
      startedAt: row.startedAt,
      heartbeatAt: row.heartbeatAt,
      online: now.getTime() - row.heartbeatAt.getTime() < ALIVE_WITHIN_MS,
      fillsInFlight: row.fillsInFlight,
      cacheMaxBytes: row.cacheMaxBytes,
      upstreams: shown(row.upstreams),
    })),
  };
}

/** The origins of the Hub URLs of the actor's teams' remotes. */
async function originsOfRemotes(db: Db, actor: Actor): Promise<Set<string>> {
  const remotes = await db.remote.findMany({ where: visibleTo(actor), select: { hubUrl: true } });
  const origins = new Set<string>();
  for (const { hubUrl } of remotes) {
    if (URL.canParse(hubUrl)) origins.add(new URL(hubUrl).origin);
  }
  return origins;
}
