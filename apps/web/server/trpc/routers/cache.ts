import {
  cachedFiles,
  cacheOverview,
  listPrefetchJobs,
  purgeCache,
  REPO_TYPES,
  requestPrefetch,
} from "@hubcache/api";
import { FsBlobStore } from "@hubcache/core";
import { z } from "zod";
import { webEnv } from "../../../lib/env.ts";
import { protectedProcedure, router } from "../init.ts";

const store = new FsBlobStore(webEnv.storageDir);
const distribution = z.object({ distributionId: z.string() });

export const cacheRouter = router({
  overview: protectedProcedure
    .input(distribution)
    .query(({ ctx, input }) => cacheOverview(ctx.db, ctx.actor, input.distributionId)),
  files: protectedProcedure
    .input(
      distribution.extend({
        repoType: z.enum(REPO_TYPES),
        repoId: z.string(),
        commit: z.string().optional(),
      }),
    )
    .query(({ ctx, input }) => cachedFiles(ctx.db, ctx.actor, input.distributionId, input)),
  // The target is validated by the service (purgeTargetSchema).
  purge: protectedProcedure
    .input(distribution.extend({ target: z.unknown() }))
    .mutation(({ ctx, input }) =>
      purgeCache(ctx.db, ctx.actor, input.distributionId, input.target, (digest) => store.delete(digest)),
    ),
  // The content server runs the jobs; their progress is kept in the database, so it survives a reload.
  prefetchJobs: protectedProcedure
    .input(distribution)
    .query(({ ctx, input }) => listPrefetchJobs(ctx.db, ctx.actor, input.distributionId)),
  prefetch: protectedProcedure
    .input(z.unknown())
    .mutation(({ ctx, input }) => requestPrefetch(ctx.db, ctx.actor, input)),
});
