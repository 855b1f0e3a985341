import { createPulpApi } from "@hubcache/services";
import { hashPassword } from "better-auth/crypto";
import type { Db, SecretBox } from "@hubcache/db";
import type { AuthService } from "./auth/create-auth.ts";

export interface PulpHandlerDeps {
  db: Db;
  secrets: SecretBox;
  /** REMOTE_URL_ALLOWLIST: the remote URLs team admins may set. */
  urlAllowlist: readonly string[];
  contentUrl: string;
  auth: Pick<AuthService, "authenticateApiRequest">;
}

/**
 * The seed's REST API (`/pulp/api/v3/`) over the shared services, authenticated by the auth service:
 * Basic, Bearer API token or session cookie. A cross-site browser request answers 403 and a caller locked
 * out by failed sign-ins 429 (with Retry-After), before any credentials are checked: the auth service's
 * AppErrors, which the REST API answers like every other.
 */
export function createPulpHandler(deps: PulpHandlerDeps): (request: Request) => Promise<Response> {
  return createPulpApi({
    db: deps.db,
    secrets: deps.secrets,
    urlAllowlist: deps.urlAllowlist,
    contentUrl: deps.contentUrl,
    hashPassword,
    authenticate: async (request) => {
      const user = await deps.auth.authenticateApiRequest(request);
      return user && { userId: user.id, username: user.username };
    },
  });
}
