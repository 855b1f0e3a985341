import type { Actor } from "@hubcache/services";
import { secrets, TEST_URL_ALLOWLIST } from "@hubcache/services/test-fixtures";
import type { Db } from "@hubcache/db";
import { TRPCError } from "@trpc/server";
import type { Context } from "./init.ts";
import { appRouter } from "./root.ts";

/** A request's context as createContext makes it, for `actor` on a test database. */
export function testContext(
  db: Db,
  actor: Actor | null,
  options: { urlAllowlist?: readonly string[]; headers?: Headers } = {},
): Context {
  return {
    db,
    secrets,
    urlAllowlist: options.urlAllowlist ?? TEST_URL_ALLOWLIST,
    operatorHubUrl: "https://huggingface.co",
    actor,
    headers: options.headers ?? new Headers(),
  };
}

/** The app's router called in-process as `actor`. */
export function callerAs(db: Db, actor: Actor | null, urlAllowlist?: readonly string[]) {
  return appRouter.createCaller(testContext(db, actor, { urlAllowlist }));
}

/** "OK", or the tRPC code the call was refused with. */
export function trpcCode(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );
}
