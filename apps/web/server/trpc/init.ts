import { ApiError, type Actor } from "@hubcache/api";
import { SecretBox, type Db } from "@hubcache/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { database } from "../../lib/db.ts";
import { webEnv } from "../../lib/env.ts";
import { getSessionUser, isAllowedOrigin } from "../auth/index.ts";

/**
 * Context: the database, the secrets box, the remote URL allowlist (REMOTE_URL_ALLOWLIST), the
 * signed-in user (from the session cookie) if any, and the request headers (for the CSRF check of
 * mutations).
 */
export async function createContext({ headers }: { headers: Headers }) {
  const { db } = await database();
  const user = await getSessionUser(headers);
  const actor: Actor | null = user && { userId: user.id, username: user.username };
  const urlAllowlist: readonly string[] = webEnv.remoteUrlAllowlist;
  return { db: db as Db, secrets: secretBox(), urlAllowlist, actor, headers };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

let secrets: SecretBox | null = null;
function secretBox(): SecretBox {
  secrets ??= SecretBox.load({ databaseUrl: webEnv.databaseUrl });
  return secrets;
}

const STATUS_CODES: Record<number, TRPCError["code"]> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
};

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Per-field messages travel to the forms, which show them next to their fields.
    const fields = cause instanceof ApiError ? cause.fields : {};
    return { ...shape, data: { ...shape.data, fields } };
  },
});

/** Service errors (ApiError) become tRPC errors with the matching code and the same message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ApiError) {
    const cause = result.error.cause;
    throw new TRPCError({
      code: STATUS_CODES[cause.status] ?? "INTERNAL_SERVER_ERROR",
      message: cause.message,
      cause,
    });
  }
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
