import { authService } from "../../../../../server/auth/index.ts";
import { createPulpHandler } from "../../../../../server/pulp.ts";
import { database, secretBox } from "../../../../../lib/db.ts";
import { webEnv } from "../../../../../lib/env.ts";
import { withRequestLog } from "../../../../../lib/logger.ts";

export const dynamic = "force-dynamic";

let handler: Promise<(request: Request) => Promise<Response>> | null = null;

/** The seed's REST API over the shared services, created once per server process. */
function pulpApi(): Promise<(request: Request) => Promise<Response>> {
  handler ??= Promise.all([database(), authService()]).then(([{ db }, auth]) =>
    createPulpHandler({
      db,
      secrets: secretBox(),
      urlAllowlist: webEnv.remoteUrlAllowlist,
      contentUrl: webEnv.contentUrl,
      auth,
    }),
  );
  return handler;
}

/** Every request gets an id (`x-request-id`); an unexpected failure is logged under it, never answered. */
async function handle(request: Request): Promise<Response> {
  return withRequestLog(request, async ({ requestId, log }) => {
    let response: Response;
    try {
      response = await (await pulpApi())(request);
    } catch (error) {
      log.error(
        { err: error, method: request.method, path: new URL(request.url).pathname },
        "REST call failed",
      );
      response = Response.json({ detail: `Internal error (request id ${requestId})` }, { status: 500 });
    }
    const answered = new Response(response.body, response);
    answered.headers.set("x-request-id", requestId);
    return answered;
  });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
