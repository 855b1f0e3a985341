/**
 * Sign-in attempt counters in the RateLimit table (the table better-auth's own rate limiter uses with
 * storage "database"), so that every web process sees the same counts. One counter per client address
 * and username serves the console's sign-in and HTTP Basic on the REST API alike.
 *
 * An attempt is counted before its password is checked (so that concurrent guesses cannot all pass a
 * check made before any of them is counted) and the counter is cleared when the password was right. A
 * key is blocked while it has `max` attempts, each less than `windowMs` after the previous one; it
 * unblocks `windowMs` after the last counted attempt (refused attempts are not counted). better-auth
 * prunes rows whose lastRequest is older than its longest window.
 */
import { createHash } from "node:crypto";
import { normalizeUsername } from "./auth-bootstrap.ts";
import type { Db } from "./client.ts";
import { isUniqueViolation } from "./errors.ts";

export interface LoginLimit {
  max: number;
  windowMs: number;
}

/** Failed sign-ins (console or HTTP Basic) per client address and username: 5 a minute. */
export const SIGN_IN_FAILURE_LIMIT: LoginLimit = { max: 5, windowMs: 60_000 };

/**
 * `sign-in|<address>|<username>`: the address as resolved by the caller (`unknown` when it cannot be
 * known: then every such client shares the username's counter), the username normalized (hashed when
 * long, so that a huge name does not make a huge key).
 */
export function signInLimitKey(address: string | null, username: string): string {
  const name = normalizeUsername(username);
  const id = name.length <= 64 ? name : `sha256:${createHash("sha256").update(name).digest("hex")}`;
  return `sign-in|${address ?? "unknown"}|${id}`;
}

export type LoginAttempt = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Milliseconds until `key` may try again; 0 when it is not blocked. */
export async function loginBlockedFor(
  db: Db,
  key: string,
  limit: LoginLimit,
  now: number = Date.now(),
): Promise<number> {
  const row = await db.rateLimit.findUnique({ where: { key }, select: { count: true, lastRequest: true } });
  if (row === null || row.count < limit.max) return 0;
  return Math.max(0, Number(row.lastRequest) + limit.windowMs - now);
}

/**
 * Counts one attempt for `key` unless it is blocked (atomically: of concurrent attempts, at most `max`
 * are allowed within a window).
 */
export async function consumeLoginAttempt(
  db: Db,
  key: string,
  limit: LoginLimit,
  now: number = Date.now(),
): Promise<LoginAttempt> {
  const windowStart = BigInt(now - limit.windowMs);
  for (let attempt = 1; ; attempt++) {
    const counted = await db.rateLimit.updateMany({
      where: { key, lastRequest: { gt: windowStart }, count: { lt: limit.max } },
      data: { count: { increment: 1 }, lastRequest: BigInt(now) },
    });
    if (counted.count > 0) return { allowed: true };
    const restarted = await db.rateLimit.updateMany({
      where: { key, lastRequest: { lte: windowStart } },
      data: { count: 1, lastRequest: BigInt(now) },
    });
    if (restarted.count > 0) return { allowed: true };
    const retryAfterMs = await loginBlockedFor(db, key, limit, now);
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    try {
      await db.rateLimit.create({ data: { key, count: 1, lastRequest: BigInt(now) }, select: { id: true } });
      return { allowed: true };
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e; // created concurrently: count into that row
    }
  }
}

/** Forgets the attempts of `key` (after a successful sign-in). */
export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}
