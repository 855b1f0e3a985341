import type { Db } from "./client.ts";

/** What a content server says of itself in each heartbeat. */
export interface ContentServerHeartbeat {
  id: string;
  url: string;
  version: string;
  startedAt: Date;
  fillsInFlight: number;
  cacheMaxBytes: number | null;
  /** Upstream origin → its state, for the upstreams this server has used. */
  upstreams: Record<string, "online" | "offline">;
}

export interface ContentServerState extends ContentServerHeartbeat {
  heartbeatAt: Date;
}

/** Records a heartbeat (the row is created on the first). */
export async function recordHeartbeat(db: Db, beat: ContentServerHeartbeat, at = new Date()): Promise<void> {
  const data = {
    url: beat.url,
    version: beat.version,
    startedAt: beat.startedAt,
    heartbeatAt: at,
    fillsInFlight: beat.fillsInFlight,
    cacheMaxBytes: beat.cacheMaxBytes === null ? null : BigInt(beat.cacheMaxBytes),
    upstreams: JSON.stringify(beat.upstreams),
  };
  await db.contentServer.upsert({ where: { id: beat.id }, create: { id: beat.id, ...data }, update: data });
}

/** A server stopping cleanly leaves the list at once (one that dies stops sending heartbeats). */
export async function forgetContentServer(db: Db, id: string): Promise<void> {
  await db.contentServer.deleteMany({ where: { id } });
}

/** Servers heard from since `since`, the most recent first. */
export async function listContentServers(db: Db, since: Date): Promise<ContentServerState[]> {
  const rows = await db.contentServer.findMany({
    where: { heartbeatAt: { gte: since } },
    orderBy: { heartbeatAt: "desc" },
  });
  return rows.map((row) => ({
    ...row,
    cacheMaxBytes: row.cacheMaxBytes === null ? null : Number(row.cacheMaxBytes),
    upstreams: parseUpstreams(row.upstreams),
  }));
}

function parseUpstreams(json: string): Record<string, "online" | "offline"> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, "online" | "offline"] => entry[1] === "online" || entry[1] === "offline",
      ),
    );
  } catch {
    return {};
  }
}
