import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { logger, withRequestLog, type Logger } from "../../lib/logger.ts";
import { publicError } from "./errors.ts";
import type { Context } from "./init.ts";
import { appRouter } from "./root.ts";

export interface TrpcHandlerDeps {
  createContext: (headers: Headers) => Promise<Context>;
  /** The app's logger unless a test gives its own. */
  log?: Logger;
}

/**
 * tRPC over fetch at `/api/trpc`. Every request gets an id (the client's `x-request-id` when it is a plain
 * token, else a new one), answered in `x-request-id`; a failure the browser is told nothing about is
 * logged under it with its details.
 */
export function createTrpcHandler({ createContext, log: base = logger }: TrpcHandlerDeps) {
  return (request: Request): Promise<Response> =>
    withRequestLog(
      request,
      ({ requestId, log }) =>
        fetchRequestHandler({
          endpoint: "/api/trpc",
          req: request,
          router: appRouter,
          createContext: () => createContext(request.headers),
          onError({ error, path, type }) {
            if (publicError(error, requestId).known) {
              log.debug({ path, type, code: error.code }, error.message);
            } else {
              log.error({ path, type, err: error.cause ?? error }, "tRPC call failed");
            }
          },
          responseMeta: () => ({ headers: new Headers({ "x-request-id": requestId }) }),
        }),
      base,
    );
}
