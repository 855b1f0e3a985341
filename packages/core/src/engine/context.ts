import type { RepoKey } from "../cache/cache-index.ts";
import type { RepoRef } from "../hub/route.ts";
import type { UpstreamClient } from "../upstream/client.ts";

import type { Policy } from "../policy/policies.ts";

export type { Policy };

/** What a request is served through: one tenant's remote, as reached by one distribution. */
export interface RemoteContext {
  remoteId: string;
  policy: Policy;
  upstream: UpstreamClient;
}

export function repoKey(ctx: RemoteContext, repo: RepoRef): RepoKey {
  return { remoteId: ctx.remoteId, repoType: repo.type, repoId: repo.id };
}
