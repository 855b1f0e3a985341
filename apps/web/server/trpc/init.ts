import { AppError, type Actor } from "@hubcache/services";
import type { Db } from "@hubcache/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { database, secretBox } from "../../lib/db.ts";
import { webEnv } from "../../lib/env.ts";
import { requestLog } from "../../lib/logger.ts";
import { getSessionUser, isAllowedOrigin } from "../auth/index.ts";
import { publicError, trpcErrorOf } from "./errors.ts";

/**
 * Context: the database, the secrets box, the remote URL allowlist (REMOTE_URL_ALLOWLIST), the
 * signed-in user (from the session cookie) if any, and the request headers (for the CSRF check of
 * mutations). The request's id and logger come from lib/logger.ts (`requestLog()`).
 */
export async function createContext({ headers }: { headers: Headers }) {
  const { db } = await database();
  const user = await getSessionUser(headers);
  const actor: Actor | null = user && { userId: user.id, username: user.username };
  const urlAllowlist: readonly string[] = webEnv.remoteUrlAllowlist;
  return {
    db: db as Db,
    secrets: secretBox(),
    urlAllowlist,
    operatorHubUrl: webEnv.hubUrl,
    actor,
    headers,
  };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC.context<Context>().create({
  // Dates (createdAt, expiresAt...) arrive in the browser as Dates.
  transformer: superjson,
  /**
   * What the browser gets: a known refusal's message and per-field messages (shown next to their fields);
   * for anything else only "Internal error (request id …)" — the details are in the log (route handler).
   */
  errorFormatter({ shape, error }) {
    const { known, message, fields } = publicError(error, requestLog().requestId);
    if (known) return { ...shape, message, data: { ...shape.data, fields } };
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, fields } };
  },
});

/** Service errors (AppError) become tRPC errors with the matching code and the same message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw trpcErrorOf(result.error.cause);
  return result;
});

/**
 * Mutations change state with the session cookie, which a browser also attaches to requests that pages of
 * other sites make: those are refused (403) by the one CSRF check (server/auth/origin.ts). Queries are
 * GETs and change nothing.
 */
const sameOriginMutations = t.middleware(async ({ ctx, type, next }) => {
  if (type === "mutation" && !(await isAllowedOrigin({ method: "POST", headers: ctx.headers }))) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused." });
  }
  return next();
});

export const router = t.router;
export const publicProcedure = t.procedure.use(sameOriginMutations).use(mapErrors);

/** Signed-in users only; `ctx.actor` is non-null from here on. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});
