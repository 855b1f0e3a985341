/**
 * Failed-login counters in the RateLimit table (the table better-auth's own rate limiter uses with
 * storage "database"), so that every web process sees the same counts. A key is blocked while it has
 * `max` failures, each less than `windowMs` after the previous one; it unblocks `windowMs` after the last
 * counted failure. better-auth prunes rows whose lastRequest is older than its longest window.
 */
import type { Db } from "./client.ts";
import { isUniqueViolation } from "./errors.ts";

export interface LoginLimit {
  max: number;
  windowMs: number;
}

/** HTTP Basic auth on the REST API: 5 failures a minute per client IP + username. */
export const BASIC_AUTH_LIMIT: LoginLimit = { max: 5, windowMs: 60_000 };

/** `basic|<ip>|<username>` (the IP as resolved by the caller, the username lower-cased). */
export function basicAuthLimitKey(ip: string, username: string): string {
  return `basic|${ip}|${username.trim().toLowerCase()}`;
}

/** True while `key` has used up its failures. */
export async function isLoginBlocked(
  db: Db,
  key: string,
  limit: LoginLimit,
  now: number = Date.now(),
): Promise<boolean> {
  const row = await db.rateLimit.findUnique({ where: { key }, select: { count: true, lastRequest: true } });
  return row !== null && row.count >= limit.max && now - Number(row.lastRequest) < limit.windowMs;
}

/** Counts one failure for `key` (atomically: concurrent failures are all counted). */
export async function recordLoginFailure(
  db: Db,
  key: string,
  limit: LoginLimit,
  now: number = Date.now(),
): Promise<void> {
  const windowStart = BigInt(now - limit.windowMs);
  for (let attempt = 1; ; attempt++) {
    const counted = await db.rateLimit.updateMany({
      where: { key, lastRequest: { gt: windowStart } },
      data: { count: { increment: 1 }, lastRequest: BigInt(now) },
    });
    if (counted.count > 0) return;
    const restarted = await db.rateLimit.updateMany({
      where: { key, lastRequest: { lte: windowStart } },
      data: { count: 1, lastRequest: BigInt(now) },
    });
    if (restarted.count > 0) return;
    try {
      await db.rateLimit.create({ data: { key, count: 1, lastRequest: BigInt(now) }, select: { id: true } });
      return;
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e; // created concurrently: count into that row
    }
  }
}

/** Forgets the failures of `key` (after a successful login). */
export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}
