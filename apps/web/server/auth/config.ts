import { authSecret } from "@hubcache/db";
import { TrustedProxies } from "./client-address.ts";

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

type Env = Record<string, string | undefined>;

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** WEB_PUBLIC_URL's origin, default `http://localhost:${WEB_PORT:-3000}`. */
export function publicUrl(env: Env = process.env): string {
  const port = env.WEB_PORT || "3000";
  const raw = env.WEB_PUBLIC_URL || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`WEB_PUBLIC_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`WEB_PUBLIC_URL must be http(s): ${JSON.stringify(raw)}`);
  }
  return url.origin;
}

/**
 * The public origin plus its loopback spellings (localhost, 127.0.0.1, [::1]) on the public port when it
 * is a loopback URL, and plain http on WEB_PORT for direct access on the machine itself. (better-auth
 * also adds the comma-separated BETTER_AUTH_TRUSTED_ORIGINS.)
 */
export function trustedOrigins(env: Env = process.env): string[] {
  const origins = new Set<string>();
  const base = new URL(publicUrl(env));
  origins.add(base.origin);
  if (LOOPBACK_HOSTS.includes(base.hostname)) {
    for (const host of LOOPBACK_HOSTS) {
      origins.add(`${base.protocol}//${host}${base.port ? `:${base.port}` : ""}`);
    }
  }
  const port = env.WEB_PORT || "3000";
  for (const host of LOOPBACK_HOSTS) origins.add(`http://${host}:${port}`);
  return [...origins];
}

/** The configuration from the environment (the secret: see authSecret in @hubcache/db). */
export function authConfigFromEnv(databaseUrl: string, env: Env = process.env): AuthConfig {
  return {
    baseURL: publicUrl(env),
    trustedOrigins: trustedOrigins(env),
    secret: authSecret({ env, databaseUrl }),
    signInAttemptsPerMinute: attemptsPerMinute(env),
    trustedProxies: TrustedProxies.parse(env.TRUSTED_PROXIES).entries,
  };
}

function attemptsPerMinute(env: Env): number | undefined {
  const raw = env.SIGN_IN_ATTEMPTS_PER_MINUTE;
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new Error(
      `SIGN_IN_ATTEMPTS_PER_MINUTE must be an integer from 1 to 1000, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}
