import { router } from "./init.ts";
import { distributionRouter } from "./routers/distribution.ts";
import { remoteRouter } from "./routers/remote.ts";

/** One router file per domain; each procedure calls the shared services in `@hubcache/api`. */
export const appRouter = router({
  remote: remoteRouter,
  distribution: distributionRouter,
});

export type AppRouter = typeof appRouter;
