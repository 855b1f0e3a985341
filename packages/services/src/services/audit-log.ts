import type { Db } from "@hubcache/db";
import { z } from "zod";
import { parseInput } from "../errors.ts";
import type { auditEventViewSchema } from "../schemas.ts";
import { visibleTeamId, visibleTo, type Actor } from "./access.ts";

export const auditQuerySchema = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  /** Only events older than this id's event (paging backwards in time). */
  before: z.string().optional(),
});

export type AuditEventView = z.infer<typeof auditEventViewSchema>;

/** Read with every event: its team's name (null once the team is deleted). */
const withTeamName = { team: { select: { name: true } } } as const;

type EventRow = Omit<AuditEventView, "team" | "detail"> & { team: { name: string } | null; detail: string };

function eventView(row: EventRow): AuditEventView {
  return {
    id: row.id,
    team: row.team?.name ?? null,
    actor: row.actor,
    action: row.action,
    target: row.target,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    createdAt: row.createdAt,
  };
}

/** Who changed what, newest first, in the teams the actor belongs to. */
export async function listAuditEvents(db: Db, actor: Actor, input: unknown = {}): Promise<AuditEventView[]> {
  const query = parseInput(auditQuerySchema, input);
  // The cursor is an event of the actor's teams too: another team's id is no cursor (and says nothing).
  const cursor = query.before
    ? await db.auditEvent.findFirst({
        where: { id: query.before, ...visibleTo(actor) },
        select: { createdAt: true },
      })
    : null;
  const rows = await db.auditEvent.findMany({
    where: {
      ...visibleTo(actor),
      ...(cursor ? { createdAt: { lt: cursor.createdAt } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
    include: withTeamName,
  });
  return rows.map(eventView);
}

export const auditPageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  /** A team (id or slug) the actor belongs to; default: all of them. */
  team: z.string().min(1).optional(),
  /** Only events at or after / before this instant (ISO 8601). */
  since: z.coerce.date("Enter a date or an ISO 8601 time.").optional(),
  until: z.coerce.date("Enter a date or an ISO 8601 time.").optional(),
});

/** Audit events of the actor's teams (or one of them) in a time window, newest first, a page at a time. */
export async function listAuditEventsPage(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<{ count: number; items: AuditEventView[] }> {
  const query = parseInput(auditPageSchema, input);
  const teamId = query.team ? await visibleTeamId(db, actor, query.team) : undefined;
  const where = {
    ...visibleTo(actor),
    ...(teamId ? { teamId } : {}),
    ...(query.since || query.until
      ? {
          createdAt: {
            ...(query.since ? { gte: query.since } : {}),
            ...(query.until ? { lt: query.until } : {}),
          },
        }
      : {}),
  };
  const [count, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: query.offset,
      take: query.limit,
      include: withTeamName,
    }),
  ]);
  return {
    count,
    items: rows.map(eventView),
  };
}
