import { z } from "zod";
import { visibleTo, type Actor } from "../../services/access.ts";
import { listAuditEventsPage } from "../../services/audit-log.ts";
import { listContentServerViews } from "../../services/content-servers.ts";
import { usageDashboard } from "../../services/dashboard.ts";
import { examples, pageExample, statusExample, usageExample } from "../examples.ts";
import { pagingSchema } from "../../schemas.ts";
import { json, paginated, parseQuery, type Operation, type PulpApiDeps } from "../http.ts";
import {
  auditEventSchema,
  pageOf,
  serializeAuditEvent,
  serializeUsage,
  statusSchema,
  usageSchema,
} from "../resources.ts";

const STATUS_DAYS = 14;

async function probe(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, "")}/healthz`, {
      signal: AbortSignal.timeout(2000),
      redirect: "manual",
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The content servers as their heartbeats tell (URL, version, fills in flight, storage limit, upstreams
 * marked offline); when none has registered, the one at CONTENT_PUBLIC_URL as a probe of it finds it.
 */
async function contentServerStatus(deps: PulpApiDeps, actor: Actor) {
  const { servers } = await listContentServerViews(deps.db, actor);
  if (servers.length > 0) {
    return servers.map((server) => ({
      id: server.id,
      url: server.url,
      online: server.online,
      latency_ms: null,
      version: server.version,
      heartbeat_at: server.heartbeatAt.toISOString(),
      fills_in_flight: server.fillsInFlight,
      cache_max_bytes: server.cacheMaxBytes,
      upstreams: server.upstreams,
    }));
  }
  const check = deps.probeContentServer ?? probe;
  const started = performance.now();
  const online = await check(deps.contentUrl);
  return [
    {
      id: null,
      url: deps.contentUrl,
      online,
      latency_ms: online ? Math.round(performance.now() - started) : null,
      version: null,
      heartbeat_at: null,
      fills_in_flight: null,
      cache_max_bytes: null,
      upstreams: {},
    },
  ];
}

/** The dashboard's figures, the audit log and the instance's status. */
export function reportRoutes(deps: PulpApiDeps): Operation[] {
  const { db } = deps;
  return [
    {
      method: "GET",
      path: "usage/",
      doc: {
        tag: "usage",
        summary: "Traffic and storage of the caller's teams (the dashboard's figures)",
        query: [
          { name: "team", description: "Only this team (slug or id)" },
          { name: "days", description: "Days back from today, 1-90 (default 14)" },
        ],
        responses: { "200": { description: "The figures", schema: usageSchema, example: usageExample } },
      },
      async handle({ url, actor }) {
        const query = parseQuery(
          url,
          z.object({
            team: z.string().min(1).optional(),
            days: z.coerce.number().int().min(1).max(90).default(14),
          }),
        );
        return json(200, serializeUsage(await usageDashboard(db, actor, query)));
      },
    },
    {
      method: "GET",
      path: "audit/",
      doc: {
        tag: "audit",
        summary: "Who changed what in the caller's teams, newest first",
        query: [
          { name: "team", description: "Only this team (slug or id)" },
          { name: "since", description: "Only events at or after this time (ISO 8601 or YYYY-MM-DD)" },
          { name: "until", description: "Only events before this time" },
          { name: "limit", description: "Page size (1-500, default 100)" },
          { name: "offset", description: "Items to skip" },
        ],
        responses: {
          "200": {
            description: "A page of events",
            schema: pageOf(auditEventSchema),
            example: pageExample(examples.auditEvent),
          },
        },
      },
      async handle({ url, actor }) {
        const query = Object.fromEntries(url.searchParams);
        const { count, items } = await listAuditEventsPage(db, actor, query);
        const page = parseQuery(
          url,
          pagingSchema.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        );
        return paginated(url, page, count, items.map(serializeAuditEvent));
      },
    },
    {
      method: "GET",
      path: "status/",
      doc: {
        tag: "status",
        summary: "Content servers, hit ratio and storage of the caller's teams, pre-fetch queue",
        responses: { "200": { description: "The status", schema: statusSchema, example: statusExample } },
      },
      async handle({ actor }) {
        const contentServers = await contentServerStatus(deps, actor);
        const dashboard = await usageDashboard(db, actor, { days: STATUS_DAYS });
        const [waiting, running] = await Promise.all(
          ["queued", "running"].map((status) =>
            db.prefetchJob.count({ where: { status, distribution: visibleTo(actor) } }),
          ),
        );
        return json(200, {
          database: { online: true },
          content_servers: contentServers,
          usage: {
            days: STATUS_DAYS,
            requests: dashboard.totals.requests,
            hits: dashboard.totals.hits,
            misses: dashboard.totals.misses,
            hit_ratio: dashboard.totals.hitRatio,
            bytes_from_cache: dashboard.totals.bytesFromCache,
            bytes_from_upstream: dashboard.totals.bytesFromUpstream,
          },
          storage: {
            bytes: dashboard.storageByTeam.reduce((sum, team) => sum + team.bytes, 0),
            files: dashboard.storageByTeam.reduce((sum, team) => sum + team.files, 0),
          },
          tasks: { waiting: waiting ?? 0, running: running ?? 0 },
        });
      },
    },
  ];
}
