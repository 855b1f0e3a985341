import type { Db } from "@hubcache/db";
import { z } from "zod";
import { parseInput } from "../errors.ts";
import type { dashboardViewSchema, usageTotalsSchema } from "../schemas.ts";
import { visibleTeamId, visibleTo, type Actor } from "./access.ts";

export const dashboardQuerySchema = z.object({
  days: z.number().int().min(1).max(90).default(14),
  /** One team (id or slug) the actor belongs to; default: all of them. */
  team: z.string().min(1).optional(),
});

export type UsageTotals = z.infer<typeof usageTotalsSchema>;
export type Dashboard = z.infer<typeof dashboardViewSchema>;

type Row = {
  hits: number;
  misses: number;
  requests: number;
  bytesFromCache: bigint;
  bytesFromUpstream: bigint;
};

function totalsOf(rows: Row[]): UsageTotals {
  const sum = (pick: (row: Row) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const hits = sum((r) => r.hits);
  const misses = sum((r) => r.misses);
  return {
    requests: sum((r) => r.requests),
    hits,
    misses,
    hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
    bytesFromCache: sum((r) => Number(r.bytesFromCache)),
    bytesFromUpstream: sum((r) => Number(r.bytesFromUpstream)),
  };
}

/** Traffic and storage of the actor's teams: what the cache saved, over time. */
export async function usageDashboard(db: Db, actor: Actor, input: unknown = {}): Promise<Dashboard> {
  const { days, team } = parseInput(dashboardQuerySchema, input);
  const scope = team
    ? { ...visibleTo(actor), teamId: await visibleTeamId(db, actor, team) }
    : visibleTo(actor);
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const since = new Date(today.getTime() - (days - 1) * 86_400_000);
  const distributions = await db.distribution.findMany({
    where: scope,
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const rows = await db.usageHour.findMany({
    where: { distributionId: { in: distributions.map((d) => d.id) }, hour: { gte: since } },
  });
  const daily = Array.from({ length: days }, (_, index) => {
    const start = since.getTime() + index * 86_400_000;
    const day = new Date(start).toISOString().slice(0, 10);
    return {
      day,
      ...totalsOf(rows.filter((r) => r.hour.getTime() >= start && r.hour.getTime() < start + 86_400_000)),
    };
  });

  const remotes = await db.remote.findMany({
    where: scope,
    select: { id: true, teamId: true, team: { select: { name: true } } },
  });
  const files = await db.cachedFile.groupBy({
    by: ["remoteId", "repoType", "repoId"],
    where: { remoteId: { in: remotes.map((r) => r.id) } },
    _sum: { size: true },
    _count: { _all: true },
  });
  const storage = new Map<string, { teamId: string; team: string; bytes: number; files: number }>();
  const repos = new Map<string, { repoType: string; repoId: string; bytes: number; files: number }>();
  for (const group of files) {
    const remote = remotes.find((r) => r.id === group.remoteId);
    if (!remote) continue;
    const bytes = Number(group._sum.size ?? 0);
    const team = storage.get(remote.teamId) ?? {
      teamId: remote.teamId,
      team: remote.team.name,
      bytes: 0,
      files: 0,
    };
    team.bytes += bytes;
    team.files += group._count._all;
    storage.set(remote.teamId, team);
    const key = `${group.repoType}/${group.repoId}`;
    const repo = repos.get(key) ?? { repoType: group.repoType, repoId: group.repoId, bytes: 0, files: 0 };
    repo.bytes += bytes;
    repo.files += group._count._all;
    repos.set(key, repo);
  }
  return {
    since,
    totals: totalsOf(rows),
    daily,
    distributions: distributions.map((d) => ({
      ...d,
      ...totalsOf(rows.filter((r) => r.distributionId === d.id)),
    })),
    storageByTeam: [...storage.values()].sort((a, b) => b.bytes - a.bytes),
    topRepos: [...repos.values()].sort((a, b) => b.bytes - a.bytes).slice(0, 10),
  };
}
