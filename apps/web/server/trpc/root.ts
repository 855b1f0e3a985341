import { router } from "./init.ts";
import { apiTokenRouter } from "./routers/api-token.ts";
import { cacheRouter } from "./routers/cache.ts";
import { distributionRouter } from "./routers/distribution.ts";
import { remoteRouter } from "./routers/remote.ts";
import { storageRouter } from "./routers/storage.ts";
import { teamRouter, userRouter } from "./routers/team.ts";
import { tokenRouter } from "./routers/token.ts";
import { auditRouter, contentServerRouter, usageRouter } from "./routers/reports.ts";

/** One router file per domain; each procedure calls the shared services in `@hubcache/services`. */
export const appRouter = router({
  remote: remoteRouter,
  distribution: distributionRouter,
  token: tokenRouter,
  apiToken: apiTokenRouter,
  team: teamRouter,
  user: userRouter,
  cache: cacheRouter,
  storage: storageRouter,
  audit: auditRouter,
  usage: usageRouter,
  contentServer: contentServerRouter,
});

export type AppRouter = typeof appRouter;
