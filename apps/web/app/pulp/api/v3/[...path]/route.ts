import { SecretBox } from "@hubcache/db";
import { authService } from "../../../../../server/auth/index.ts";
import { createPulpHandler } from "../../../../../server/pulp.ts";
import { database } from "../../../../../lib/db.ts";
import { webEnv } from "../../../../../lib/env.ts";

export const dynamic = "force-dynamic";

let handler: Promise<(request: Request) => Promise<Response>> | null = null;

/** The seed's REST API over the shared services, created once per server process. */
function pulpApi(): Promise<(request: Request) => Promise<Response>> {
  handler ??= Promise.all([database(), authService()]).then(([{ db }, auth]) =>
    createPulpHandler({
      db,
      secrets: SecretBox.load({ databaseUrl: webEnv.databaseUrl }),
      urlAllowlist: webEnv.remoteUrlAllowlist,
      contentUrl: webEnv.contentUrl,
      storageDir: webEnv.storageDir,
      auth,
    }),
  );
  return handler;
}

async function handle(request: Request): Promise<Response> {
  return (await pulpApi())(request);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
