import { createHmac, randomBytes } from "node:crypto";
import {
  authenticateApiToken,
  BASIC_AUTH_LIMIT,
  basicAuthLimitKey,
  clearLoginFailures,
  CREDENTIAL_PROVIDER_ID,
  isLoginBlocked,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  normalizeUsername,
  recordLoginFailure,
  type Db,
  type DbProvider,
} from "@hubcache/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getIP } from "better-auth/api";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { nextCookies } from "better-auth/next-js";
import { username } from "better-auth/plugins/username";
import type { AuthConfig } from "./config.ts";
import { isAllowedOrigin } from "./origin.ts";

/** Sign-in attempts (right or wrong) per client IP per minute, on every `/sign-in/*` endpoint. */
export const SIGN_IN_RATE_LIMIT = { window: 60, max: 5 };

export interface AuthUser {
  id: string;
  username: string;
}

export interface CreateAuthOptions extends AuthConfig {
  db: Db;
  provider: DbProvider;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

export function createAuth(options: CreateAuthOptions) {
  return betterAuth({
    appName: "Hubcache",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    database: prismaAdapter(options.db, {
      provider: options.provider === "postgresql" ? "postgresql" : "sqlite",
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts are created by the first-start bootstrap (ensureAdmin) and by admins, not by visitors.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    // Users sign in with their username; the email is a synthesized placeholder.
    // `/update-user` would let users rename themselves away from their synthesized email.
    disabledPaths: ["/sign-up/email", "/sign-in/email", "/is-username-available", "/update-user"],
    rateLimit: {
      // Explicit, so that it is also on in development and tests; "database" so that every web process
      // (and a restart) shares the counters.
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/*": {
          ...SIGN_IN_RATE_LIMIT,
          max: options.signInAttemptsPerMinute ?? SIGN_IN_RATE_LIMIT.max,
        },
        "/change-password": { window: 60, max: 5 },
      },
    },
    advanced: {
      useSecureCookies: options.baseURL.startsWith("https://"),
      // Explicit: better-auth skips its origin check when NODE_ENV is "test".
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    telemetry: { enabled: false },
    hooks: {
      // better-auth checks the Origin of POSTs that carry cookies; sign-in requests carry none, so refuse
      // any browser POST from a foreign origin here (login CSRF).
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.request && !isAllowedOrigin(ctx.request, ctx.context.trustedOrigins)) {
          throw new APIError("FORBIDDEN", { message: "Cross-origin request refused" });
        }
      }),
      // The session token belongs in the HttpOnly cookie only: drop it from the JSON that page scripts
      // see (sign-in and get-session answers).
      after: createAuthMiddleware(async (ctx) => {
        const returned: unknown = ctx.context.returned;
        if (!isPlainObject(returned)) return;
        if (ctx.path.startsWith("/sign-in") && "token" in returned) {
          const { token: _token, ...rest } = returned;
          return ctx.json(rest);
        }
        if (ctx.path === "/get-session" && isPlainObject(returned.session) && "token" in returned.session) {
          const { token: _token, ...session } = returned.session;
          return ctx.json({ ...returned, session });
        }
      }),
    },
    plugins: [username({ displayUsername: false }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export interface AuthService {
  auth: Auth;
  getSessionUser(headers: Headers): Promise<AuthUser | null>;
  authenticateApiRequest(request: Request): Promise<AuthUser | null>;
}

/** Remembers successful Basic verifications briefly so that every REST call does not cost an scrypt. */
class VerifiedCache {
  readonly #key = randomBytes(32);
  readonly #entries = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 1000,
  ) {}

  #id(userId: string, hash: string, password: string): string {
    return createHmac("sha256", this.#key).update(`${userId}\0${hash}\0${password}`).digest("base64url");
  }

  has(userId: string, hash: string, password: string, now: number): boolean {
    const id = this.#id(userId, hash, password);
    const until = this.#entries.get(id);
    if (until === undefined) return false;
    if (until > now) return true;
    this.#entries.delete(id);
    return false;
  }

  add(userId: string, hash: string, password: string, now: number): void {
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(this.#id(userId, hash, password), now + this.ttlMs);
  }
}

function parseBasic(value: string): { username: string; password: string } | null {
  let decoded: string;
  try {
    decoded = Buffer.from(value, "base64").toString("utf8");
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The better-auth instance plus the lookups the app needs, all on one database handle. */
export function createAuthService(options: CreateAuthOptions): AuthService {
  const auth = createAuth(options);
  const { db } = options;
  const verified = new VerifiedCache();

  async function getSessionUser(headers: Headers): Promise<AuthUser | null> {
    const session = await auth.api.getSession({ headers });
    if (!session) return null;
    return { id: session.user.id, username: session.user.username ?? session.user.name };
  }

  async function verifyBasic(request: Request, name: string, password: string): Promise<AuthUser | null> {
    const context = await auth.$context;
    const ip = getIP(request, context.options) ?? "unknown";
    const key = basicAuthLimitKey(ip, name);
    if (await isLoginBlocked(db, key, BASIC_AUTH_LIMIT)) return null;
    const user = await db.user.findUnique({
      where: { username: normalizeUsername(name) },
      select: {
        id: true,
        username: true,
        accounts: { where: { providerId: CREDENTIAL_PROVIDER_ID }, select: { password: true }, take: 1 },
      },
    });
    const hash = user?.accounts[0]?.password;
    const now = Date.now();
    let ok = false;
    if (user && hash && password.length <= MAX_PASSWORD_LENGTH) {
      if (verified.has(user.id, hash, password, now)) return { id: user.id, username: user.username };
      ok = await verifyPassword({ hash, password });
    } else {
      await hashPassword(password.slice(0, MAX_PASSWORD_LENGTH)); // same cost as a wrong password
    }
    if (!ok || !user || !hash) {
      await recordLoginFailure(db, key, BASIC_AUTH_LIMIT);
      return null;
    }
    verified.add(user.id, hash, password, now);
    await clearLoginFailures(db, key);
    return { id: user.id, username: user.username };
  }

  async function authenticateApiRequest(request: Request): Promise<AuthUser | null> {
    const authorization = request.headers.get("authorization");
    if (authorization !== null) {
      // Credentials given explicitly: they alone decide (no fallback to the cookie).
      const [scheme = "", value = ""] = authorization.trim().split(/\s+/, 2);
      switch (scheme.toLowerCase()) {
        case "bearer": {
          const user = await authenticateApiToken(db, value);
          return user && { id: user.id, username: user.username };
        }
        case "basic": {
          // Browsers may attach remembered Basic credentials to cross-site requests.
          if (!isAllowedOrigin(request, (await auth.$context).trustedOrigins)) return null;
          const credentials = parseBasic(value);
          return credentials && verifyBasic(request, credentials.username, credentials.password);
        }
        default:
          return null;
      }
    }
    if (!isAllowedOrigin(request, (await auth.$context).trustedOrigins)) return null;
    return getSessionUser(request.headers);
  }

  return { auth, getSessionUser, authenticateApiRequest };
}
