/**
 * Authentication for the web console and its REST API (better-auth, username + password).
 *
 * - `auth`: the better-auth instance, created on first use from the shared database handle (`getAuth()`
 *   returns the instance itself; `auth.handler` / `auth.api.*` work before it exists).
 * - `getSessionUser(headers)`: the signed-in user of a server component / tRPC request, from the cookie.
 * - `authenticateApiRequest(request)`: REST API callers: `Authorization: Basic` (username:password, rate
 *   limited together with the console's sign-in), `Authorization: Bearer <API token>`, or the session
 *   cookie (CSRF-checked); throws an AppError (403 cross-site, 429 locked out with Retry-After).
 * - `isAllowedOrigin(request)`: the one CSRF check (origin.ts) against the trusted origins.
 *
 * Environment: WEB_PUBLIC_URL (default http://localhost:${WEB_PORT:-3000}; https turns on Secure cookies),
 * BETTER_AUTH_SECRET (default: derived from HUBCACHE_SECRET or the data folder's secret.key),
 * BETTER_AUTH_TRUSTED_ORIGINS (extra origins, comma-separated), TRUSTED_PROXIES (peers whose
 * X-Forwarded-For is believed, comma-separated IPs / CIDR ranges), ADMIN_PASSWORD (first start only).
 */
import { database } from "../../lib/db.ts";
import { webEnv } from "../../lib/env.ts";
import { authConfig } from "./config.ts";
import { createAuthService, type Auth, type AuthService, type AuthUser } from "./create-auth.ts";

export { createAuth, createAuthService, SIGN_IN_RATE_LIMIT } from "./create-auth.ts";
export type { Auth, AuthService, AuthUser, CreateAuthOptions } from "./create-auth.ts";
export { ensureAdminAccount, ensureAdminOnStartup } from "./bootstrap.ts";

let service: Promise<AuthService> | null = null;

/** The process-wide auth service on `database()`, created on first use. */
export function authService(): Promise<AuthService> {
  if (!service) {
    const created = (async () => {
      const { db, provider } = await database();
      return createAuthService({ db, provider, ...authConfig(webEnv) });
    })();
    service = created;
    created.catch(() => {
      if (service === created) service = null; // e.g. the database was down: try again next time
    });
  }
  return service;
}

/** The better-auth instance. */
export async function getAuth(): Promise<Auth> {
  return (await authService()).auth;
}

/**
 * The better-auth instance, usable before it exists: `auth.handler(request)` and `auth.api.<endpoint>(…)`
 * wait for it (every endpoint returns a promise). `handler` is the service's, which tells better-auth
 * the client address (see client-address.ts).
 */
export const auth: Pick<Auth, "handler" | "api"> = {
  handler: async (request: Request) => (await authService()).handler(request),
  api: new Proxy({} as Auth["api"], {
    get(_target, name) {
      if (typeof name !== "string") return undefined;
      return async (...args: unknown[]) => {
        const api = (await getAuth()).api as unknown as Record<string, (...a: unknown[]) => unknown>;
        const endpoint = api[name];
        if (typeof endpoint !== "function") throw new TypeError(`auth.api.${name} is not an endpoint`);
        return endpoint(...args);
      };
    },
  }),
};

/** The signed-in user (session cookie in `headers`), or null. */
export async function getSessionUser(headers: Headers): Promise<AuthUser | null> {
  return (await authService()).getSessionUser(headers);
}

/** The REST API caller (Basic, Bearer API token, or session cookie), or null; throws an AppError (403, 429). */
export async function authenticateApiRequest(request: Request): Promise<AuthUser | null> {
  return (await authService()).authenticateApiRequest(request);
}

/** False for a state-changing request from a page of another site (CSRF), whatever it carries. */
export async function isAllowedOrigin(request: Pick<Request, "method" | "headers">): Promise<boolean> {
  return (await authService()).isAllowedOrigin(request);
}
