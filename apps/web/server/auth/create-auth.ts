import { createHmac, randomBytes } from "node:crypto";
import { AppError, codeForStatus } from "@hubcache/core/errors";
import {
  authenticateApiToken,
  clearLoginFailures,
  consumeLoginAttempt,
  findPasswordUser,
  loginBlockedFor,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  SIGN_IN_FAILURE_LIMIT,
  signInLimitKey,
  type Db,
  type DbProvider,
} from "@hubcache/db";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getIP } from "better-auth/api";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { nextCookies } from "better-auth/next-js";
import { username } from "better-auth/plugins/username";
import {
  CLIENT_ADDRESS_HEADER,
  resolveClientAddress,
  stampedPeerAddress,
  TrustedProxies,
} from "./client-address.ts";
import type { AuthConfig } from "./config.ts";
import { isAllowedOrigin } from "./origin.ts";

/** Sign-in attempts (right or wrong) per client address per minute, on every `/sign-in/*` endpoint. */
export const SIGN_IN_RATE_LIMIT = { window: 60, max: 5 };

export interface AuthUser {
  id: string;
  username: string;
}

export interface CreateAuthOptions extends AuthConfig {
  db: Db;
  provider: DbProvider;
  /**
   * The TCP peer's address of a request, null when unknown. Default: the address stamped by
   * installPeerAddressHeader (see client-address.ts).
   */
  peerAddress?: (request: Request) => string | null;
}

interface CreateAuthInternals {
  /** The request header that carries the resolved client address to better-auth. */
  clientAddressHeader: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * `value` without session tokens, which belong in the HttpOnly cookie only, never in JSON that page
 * scripts see: `token` of an answer (sign-in, change-password), of its `session` (get-session) and of
 * each session of a list (list-sessions). The same object when there is none.
 */
function withoutSessionTokens(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items: unknown[] = value.map(withoutSessionTokens);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (!isPlainObject(value)) return value;
  let result = value;
  if ("token" in result) {
    const { token: _token, ...rest } = result;
    result = rest;
  }
  const session = withoutSessionTokens(result.session);
  if (session !== result.session) result = { ...result, session };
  return result;
}

const lockedOutMessage = (seconds: number) => `Too many failed sign-ins. Try again in ${seconds} s.`;
const toSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Refused before the credentials are checked: a caller locked out by failed sign-ins (429, Retry-After). */
function lockedOut(retryAfterMs: number): AppError {
  const seconds = toSeconds(retryAfterMs);
  return new AppError(429, codeForStatus(429), lockedOutMessage(seconds), { "retry-after": String(seconds) });
}

/** Refused before the credentials are checked: a state-changing browser request from another site. */
const crossSite = () => new AppError(403, codeForStatus(403), "Cross-site request refused.");

/** The limiter key of a sign-in attempt: the client address (as better-auth normalizes it) and the username. */
function attemptKey(request: Request | Headers, options: BetterAuthOptions, name: string): string {
  return signInLimitKey(getIP(request, options), name);
}

/**
 * better-auth's own limiter key for the console's sign-in form (`{address}|{path}`, one shared bucket when
 * the address is unknown), so that HTTP Basic attempts count in the same per-address limit: rotating
 * usernames over REST gains nothing over the form.
 */
function signInFormLimitKey(request: Request | Headers, options: BetterAuthOptions): string {
  return `${getIP(request, options) ?? "no-trusted-ip"}|/sign-in/username`;
}

export function createAuth(options: CreateAuthOptions & Partial<CreateAuthInternals>) {
  const { db } = options;
  // A name no client can guess, so that only createAuthService's handler can set the client address.
  const clientAddressHeader =
    options.clientAddressHeader ?? `${CLIENT_ADDRESS_HEADER}-${randomBytes(8).toString("hex")}`;
  return betterAuth({
    appName: "Hubcache",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    database: prismaAdapter(db, {
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
    // `/update-user` would let users rename themselves away from their synthesized email; sessions have
    // no fields of ours for `/update-session` to change.
    disabledPaths: [
      "/sign-up/email",
      "/sign-in/email",
      "/is-username-available",
      "/update-user",
      "/update-session",
    ],
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
      // Not X-Forwarded-For, which any client can write: the address createAuthService resolved from
      // the TCP peer and TRUSTED_PROXIES (absent when unknown: then one shared bucket).
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
    },
    telemetry: { enabled: false },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const request = ctx.request;
        if (!request) return; // a server-side auth.api call
        // better-auth checks the Origin of POSTs that carry cookies; sign-in requests carry none, so refuse
        // any browser POST from a foreign origin here (login CSRF).
        if (!isAllowedOrigin(request, ctx.context.trustedOrigins)) {
          throw new APIError("FORBIDDEN", { message: "Cross-site request refused." });
        }
        // Counted before the password is checked, in the counter HTTP Basic uses too.
        if (ctx.path === "/sign-in/username") {
          const body: unknown = ctx.body;
          const name = isPlainObject(body) && typeof body.username === "string" ? body.username : "";
          const attempt = await consumeLoginAttempt(
            db,
            attemptKey(request, ctx.context.options, name),
            SIGN_IN_FAILURE_LIMIT,
          );
          if (!attempt.allowed) {
            // As better-auth's own limiter answers (X-Retry-After), plus the standard header.
            const seconds = String(toSeconds(attempt.retryAfterMs));
            throw new APIError(
              "TOO_MANY_REQUESTS",
              { message: lockedOutMessage(toSeconds(attempt.retryAfterMs)) },
              { "X-Retry-After": seconds, "Retry-After": seconds },
            );
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned: unknown = ctx.context.returned;
        if (ctx.path === "/sign-in/username" && ctx.request && isPlainObject(returned)) {
          const body: unknown = ctx.body;
          if (isPlainObject(body) && typeof body.username === "string") {
            await clearLoginFailures(db, attemptKey(ctx.request, ctx.context.options, body.username));
          }
        }
        const stripped = withoutSessionTokens(returned);
        if (stripped !== returned && (Array.isArray(stripped) || isPlainObject(stripped))) {
          return ctx.json(stripped);
        }
      }),
    },
    plugins: [username({ displayUsername: false }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export interface AuthService {
  /** better-auth; serve `handler` below, not `auth.handler` (which would not know the client address). */
  auth: Auth;
  /** better-auth's HTTP handler, told the client address (from the TCP peer and TRUSTED_PROXIES). */
  handler(request: Request): Promise<Response>;
  getSessionUser(headers: Headers): Promise<AuthUser | null>;
  /** The caller, or null (401); throws an AppError (403) for a cross-site browser request, (429) for a locked-out one. */
  authenticateApiRequest(request: Request): Promise<AuthUser | null>;
  /** The CSRF check (origin.ts) against the trusted origins: false for a cross-site state-changing request. */
  isAllowedOrigin(request: Pick<Request, "method" | "headers">): Promise<boolean>;
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
  const proxies = new TrustedProxies(options.trustedProxies ?? []);
  const peerAddress = options.peerAddress ?? stampedPeerAddress;
  const clientAddressHeader = `${CLIENT_ADDRESS_HEADER}-${randomBytes(8).toString("hex")}`;
  const auth = createAuth({ ...options, clientAddressHeader });
  const { db } = options;
  const verified = new VerifiedCache();
  const signInFormLimit = {
    max: options.signInAttemptsPerMinute ?? SIGN_IN_RATE_LIMIT.max,
    windowMs: SIGN_IN_RATE_LIMIT.window * 1000,
  };

  /** The request's headers plus the resolved client address, in the header better-auth reads it from. */
  function withClientAddress(request: Request): Headers {
    const headers = new Headers(request.headers);
    const address = resolveClientAddress(peerAddress(request), request.headers, proxies);
    if (address !== null) headers.set(clientAddressHeader, address);
    return headers;
  }

  async function handler(request: Request): Promise<Response> {
    const response = await auth.handler(new Request(request, { headers: withClientAddress(request) }));
    // better-auth's own limiter answers a 429 with X-Retry-After only: add the standard header.
    const retryAfter = response.headers.get("x-retry-after");
    if (response.status === 429 && retryAfter !== null && !response.headers.has("retry-after")) {
      const headers = new Headers(response.headers);
      headers.set("retry-after", retryAfter);
      return new Response(response.body, { status: 429, statusText: response.statusText, headers });
    }
    return response;
  }

  async function isAllowed(request: Pick<Request, "method" | "headers">): Promise<boolean> {
    return isAllowedOrigin(request, (await auth.$context).trustedOrigins);
  }

  async function getSessionUser(headers: Headers): Promise<AuthUser | null> {
    const session = await auth.api.getSession({ headers });
    if (!session) return null;
    return { id: session.user.id, username: session.user.username ?? session.user.name };
  }

  async function verifyBasic(request: Request, name: string, password: string): Promise<AuthUser | null> {
    const context = await auth.$context;
    // The same counter as the console's sign-in form: a lock-out there is one here, and the reverse.
    const key = attemptKey(withClientAddress(request), context.options, name);
    const blockedMs = await loginBlockedFor(db, key, SIGN_IN_FAILURE_LIMIT);
    if (blockedMs > 0) throw lockedOut(blockedMs);
    const user = await findPasswordUser(db, name);
    const hash = user?.passwordHash;
    const now = Date.now();
    // Recently verified: no scrypt and no counting (a script's every call would cost both).
    if (user && hash && verified.has(user.id, hash, password, now)) {
      return { id: user.id, username: user.username };
    }
    const formAttempt = await consumeLoginAttempt(
      db,
      signInFormLimitKey(withClientAddress(request), context.options),
      signInFormLimit,
    );
    if (!formAttempt.allowed) throw lockedOut(formAttempt.retryAfterMs);
    const attempt = await consumeLoginAttempt(db, key, SIGN_IN_FAILURE_LIMIT);
    if (!attempt.allowed) throw lockedOut(attempt.retryAfterMs);
    let ok = false;
    if (user && hash && password.length <= MAX_PASSWORD_LENGTH) {
      ok = await verifyPassword({ hash, password });
    } else {
      await hashPassword(password.slice(0, MAX_PASSWORD_LENGTH)); // same cost as a wrong password
    }
    if (!ok || !user || !hash) return null;
    verified.add(user.id, hash, password, now);
    await clearLoginFailures(db, key);
    return { id: user.id, username: user.username };
  }

  async function authenticateApiRequest(request: Request): Promise<AuthUser | null> {
    const authorization = request.headers.get("authorization");
    const [scheme = "", value = ""] = (authorization ?? "").trim().split(/\s+/, 2);
    // A bearer token is never attached by a browser on its own: no CSRF check. Cookies and remembered
    // Basic credentials are, so a state-changing request from another site is refused outright.
    if (scheme.toLowerCase() === "bearer") {
      const user = await authenticateApiToken(db, value);
      return user && { id: user.id, username: user.username };
    }
    if (!(await isAllowed(request))) throw crossSite();
    if (authorization === null) return getSessionUser(request.headers);
    // Credentials given explicitly: they alone decide (no fallback to the cookie).
    if (scheme.toLowerCase() !== "basic") return null;
    const credentials = parseBasic(value);
    return credentials && verifyBasic(request, credentials.username, credentials.password);
  }

  return { auth, handler, getSessionUser, authenticateApiRequest, isAllowedOrigin: isAllowed };
}
