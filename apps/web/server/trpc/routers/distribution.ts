import {
  createDistribution,
  deleteDistribution,
  distributionInputSchema,
  distributionUpdateSchema,
  distributionViewSchema,
  getDistribution,
  listDistributionsFor,
  pageOf,
  pageSchema,
  updateDistribution,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const id = z.object({ id: z.string() });

// Inputs are the shared zod schemas (one set for REST, tRPC and forms); the services check them too.
export const distributionRouter = router({
  list: protectedProcedure
    .input(pageSchema.partial().optional())
    .output(pageOf(distributionViewSchema))
    .query(({ ctx, input }) => listDistributionsFor(ctx.db, ctx.actor, { limit: 100, offset: 0, ...input })),
  byId: protectedProcedure
    .input(id)
    .output(distributionViewSchema)
    .query(({ ctx, input }) => getDistribution(ctx.db, ctx.actor, input.id)),
  create: protectedProcedure
    .input(z.object({ team: z.string().optional(), data: distributionInputSchema }))
    .output(distributionViewSchema)
    .mutation(({ ctx, input }) => createDistribution(ctx.db, ctx.actor, input.data, input.team)),
  update: protectedProcedure
    .input(z.object({ id: z.string(), data: distributionUpdateSchema }))
    .output(distributionViewSchema)
    .mutation(({ ctx, input }) => updateDistribution(ctx.db, ctx.actor, input.id, input.data)),
  delete: protectedProcedure
    .input(id)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteDistribution(ctx.db, ctx.actor, input.id)),
});
