import {
  cachedFiles,
  cachedFileSchema,
  cacheOverview,
  cacheOverviewSchema,
  createPin,
  deletePin,
  listPins,
  listPrefetchJobs,
  listPurgeJobs,
  pinInputSchema,
  pinViewSchema,
  prefetchFormSchema,
  prefetchJobViewSchema,
  purgeJobViewSchema,
  purgeTargetSchema,
  REPO_TYPES,
  requestPinnedPrefetch,
  requestPrefetch,
  requestPurge,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const distribution = z.object({ distributionId: z.string() });

/**
 * A distribution's cache. The content server owns the bytes: a purge here only queues a job it carries
 * out (`purgeJobs` shows its state and, once done, what went).
 */
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
    .output(purgeJobViewSchema)
    .mutation(({ ctx, input }) => requestPurge(ctx.db, ctx.actor, input.distributionId, input.target)),
  purgeJobs: protectedProcedure
    .input(distribution)
    .output(z.array(purgeJobViewSchema))
    .query(({ ctx, input }) => listPurgeJobs(ctx.db, ctx.actor, input.distributionId)),
  pins: protectedProcedure
    .input(distribution)
    .output(z.array(pinViewSchema))
    .query(({ ctx, input }) => listPins(ctx.db, ctx.actor, input.distributionId)),
  pin: protectedProcedure
    .input(pinInputSchema)
    .output(pinViewSchema)
    .mutation(({ ctx, input }) => createPin(ctx.db, ctx.actor, input)),
  unpin: protectedProcedure
    .input(distribution.extend({ pinId: z.string() }))
    .output(z.null())
    .mutation(async ({ ctx, input }) => {
      await deletePin(ctx.db, ctx.actor, input.distributionId, input.pinId);
      return null;
    }),
  // The content server runs the jobs; their progress is kept in the database, so it survives a reload.
  prefetchJobs: protectedProcedure
    .input(distribution)
    .output(z.array(prefetchJobViewSchema))
    .query(({ ctx, input }) => listPrefetchJobs(ctx.db, ctx.actor, input.distributionId)),
  prefetch: protectedProcedure
    .input(prefetchFormSchema)
    .output(prefetchJobViewSchema)
    .mutation(({ ctx, input: { pin, ...input } }) =>
      pin ? requestPinnedPrefetch(ctx.db, ctx.actor, input) : requestPrefetch(ctx.db, ctx.actor, input),
    ),
});
