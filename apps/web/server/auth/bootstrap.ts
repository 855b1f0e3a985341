import { ensureAdmin, type Db, type EnsureAdminOptions, type EnsureAdminResult } from "@hubcache/db";
import { hashPassword } from "better-auth/crypto";
import { database } from "../../lib/db.ts";
import { webEnv } from "../../lib/env.ts";

/** ensureAdmin with better-auth's password hashing, so that sign-in accepts the admin's password. */
export function ensureAdminAccount(
  db: Db,
  options: Omit<EnsureAdminOptions, "hashPassword">,
): Promise<EnsureAdminResult> {
  return ensureAdmin(db, { ...options, hashPassword });
}

/**
 * Web start-up (instrumentation.ts): on an empty database, creates user "admin" with ADMIN_PASSWORD or a
 * random password printed once to the log.
 */
export async function ensureAdminOnStartup(
  log: (message: string) => void = (message) => console.log(`[hubcache] ${message}`),
): Promise<EnsureAdminResult> {
  const { db } = await database();
  return ensureAdminAccount(db, { password: webEnv.adminPassword, log });
}
