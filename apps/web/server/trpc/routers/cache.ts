import {
  cachedFiles,
  cachedFileSchema,
  cacheOverview,
  cacheOverviewSchema,
  listPrefetchJobs,
  prefetchInputSchema,
  prefetchJobViewSchema,
  purgeCache,
  purgeResultSchema,
  purgeTargetSchema,
  REPO_TYPES,
  requestPrefetch,
} from "@hubcache/services";
import { FsBlobStore } from "@hubcache/core";
import { z } from "zod";
import { webEnv } from "../../../lib/env.ts";
import { protectedProcedure, router } from "../init.ts";

const store = new FsBlobStore(webEnv.storageDir);
const distribution = z.object({ distributionId: z.string() });

export const cacheRouter = router({
  overview: protectedProcedure
    .input(distribution)
    .output(cacheOverviewSchema)
    .query(({ ctx, input }) => cacheOverview(ctx.db, ctx.actor, input.distributionId)),
  files: protectedProcedure
    .input(
      distribution.extend({
        repoType: z.enum(REPO_TYPES),
        repoId: z.string(),
        commit: z.string().optional(),
      }),
    )
    .output(z.array(cachedFileSchema))
    .query(({ ctx, input }) => cachedFiles(ctx.db, ctx.actor, input.distributionId, input)),
  purge: protectedProcedure
    .input(distribution.extend({ target: purgeTargetSchema }))
    .output(purgeResultSchema)
    .mutation(({ ctx, input }) =>
      purgeCache(ctx.db, ctx.actor, input.distributionId, input.target, (digest) => store.delete(digest)),
    ),
  // The content server runs the jobs; their progress is kept in the database, so it survives a reload.
  prefetchJobs: protectedProcedure
    .input(distribution)
    .output(z.array(prefetchJobViewSchema))
    .query(({ ctx, input }) => listPrefetchJobs(ctx.db, ctx.actor, input.distributionId)),
  prefetch: protectedProcedure
    .input(prefetchInputSchema)
    .output(prefetchJobViewSchema)
    .mutation(({ ctx, input }) => requestPrefetch(ctx.db, ctx.actor, input)),
});
