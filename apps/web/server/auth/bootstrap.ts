import { ensureAdmin, type Db, type EnsureAdminOptions, type EnsureAdminResult } from "@hubcache/db";
import { hashPassword } from "better-auth/crypto";
import { database } from "../../lib/db.ts";
import { webEnv } from "../../lib/env.ts";
import { logger, type Logger } from "../../lib/logger.ts";

/** ensureAdmin with better-auth's password hashing, so that sign-in accepts the admin's password. */
export function ensureAdminAccount(
  db: Db,
  options: Omit<EnsureAdminOptions, "hashPassword">,
): Promise<EnsureAdminResult> {
  return ensureAdmin(db, { ...options, hashPassword });
}

/**
 * Where the first admin's creation is told: the app's log (stdout) at info, whatever LOG_LEVEL says,
 * because a generated password is shown there once and nowhere else.
 */
export function adminCreationLog(base: Logger = logger): (message: string) => void {
  const log = base.child({ component: "bootstrap" }, { level: "info" });
  return (message) => log.info(message);
}

/**
 * Web start-up (instrumentation.ts): on an empty database, creates user "admin" with ADMIN_PASSWORD or a
 * random password printed once to the log.
 */
export async function ensureAdminOnStartup(
  log: (message: string) => void = adminCreationLog(),
): Promise<EnsureAdminResult> {
  const { db } = await database();
  return ensureAdminAccount(db, { password: webEnv.adminPassword, log });
}
