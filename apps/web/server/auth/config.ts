import { authSecret } from "@hubcache/db";
import type { WebEnv } from "../../lib/env.ts";

export interface AuthConfig {
  /** Where users reach the console (WEB_PUBLIC_URL); `https://` turns on Secure cookies. */
  baseURL: string;
  /** Origins allowed to POST to the auth API and to use cookie / Basic auth for REST mutations. */
  trustedOrigins: string[];
  /** Signs session cookies. */
  secret: string;
  /** Sign-in attempts allowed per client and minute (SIGN_IN_ATTEMPTS_PER_MINUTE, default 5). */
  signInAttemptsPerMinute?: number;
  /**
   * Peers whose X-Forwarded-For is believed (TRUSTED_PROXIES: IP addresses and CIDR ranges; default
   * none: the client is the TCP peer).
   */
  trustedProxies?: readonly string[];
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The public origin plus its loopback spellings (localhost, 127.0.0.1, [::1]) on the public port when it
 * is a loopback URL, and plain http on WEB_PORT for direct access on the machine itself. (better-auth
 * also adds the comma-separated BETTER_AUTH_TRUSTED_ORIGINS.)
 */
export function trustedOrigins(env: Pick<WebEnv, "publicUrl" | "webPort">): string[] {
  const origins = new Set<string>();
  const base = new URL(env.publicUrl);
  origins.add(base.origin);
  if (LOOPBACK_HOSTS.includes(base.hostname)) {
    for (const host of LOOPBACK_HOSTS) {
      origins.add(`${base.protocol}//${host}${base.port ? `:${base.port}` : ""}`);
    }
  }
  for (const host of LOOPBACK_HOSTS) origins.add(`http://${host}:${env.webPort}`);
  return [...origins];
}

/** The configuration from the validated environment (the secret: see authSecret in @hubcache/db). */
export function authConfig(env: WebEnv): AuthConfig {
  return {
    baseURL: env.publicUrl,
    trustedOrigins: trustedOrigins(env),
    secret: authSecret({
      env: { BETTER_AUTH_SECRET: env.betterAuthSecret, HUBCACHE_SECRET: env.hubcacheSecret },
      databaseUrl: env.databaseUrl,
      baseDir: env.baseDir,
    }),
    signInAttemptsPerMinute: env.signInAttemptsPerMinute,
    trustedProxies: env.trustedProxies,
  };
}
