import type { Db } from "./client.ts";
import { retryOnConflict } from "./errors.ts";

export interface UsageDelta {
  requests: number;
  hits: number;
  misses: number;
  bytesFromCache: number;
  bytesFromUpstream: number;
}

/** The start of the UTC hour `at` falls in. */
export function hourOf(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

/** Adds to a distribution's counters for one hour (race-safe across content server processes). */
export async function recordUsage(
  db: Db,
  distributionId: string,
  hour: Date,
  delta: UsageDelta,
): Promise<void> {
  const increments = {
    requests: { increment: delta.requests },
    hits: { increment: delta.hits },
    misses: { increment: delta.misses },
    bytesFromCache: { increment: BigInt(delta.bytesFromCache) },
    bytesFromUpstream: { increment: BigInt(delta.bytesFromUpstream) },
  };
  await retryOnConflict(() =>
    db.usageHour.upsert({
      where: { distributionId_hour: { distributionId, hour } },
      create: {
        distributionId,
        hour,
        requests: delta.requests,
        hits: delta.hits,
        misses: delta.misses,
        bytesFromCache: BigInt(delta.bytesFromCache),
        bytesFromUpstream: BigInt(delta.bytesFromUpstream),
      },
      update: increments,
    }),
  );
}
