import {
  createDistribution,
  deleteDistribution,
  getDistribution,
  listDistributionsFor,
  pageSchema,
  updateDistribution,
} from "@hubcache/api";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const id = z.object({ id: z.string() });

// Inputs are validated by the services with the shared zod schemas (one set for REST, tRPC and forms).
export const distributionRouter = router({
  list: protectedProcedure
    .input(pageSchema.partial().optional())
    .query(({ ctx, input }) => listDistributionsFor(ctx.db, ctx.actor, { limit: 100, offset: 0, ...input })),
  byId: protectedProcedure.input(id).query(({ ctx, input }) => getDistribution(ctx.db, ctx.actor, input.id)),
  create: protectedProcedure
    .input(z.object({ team: z.string().optional(), data: z.unknown() }))
    .mutation(({ ctx, input }) => createDistribution(ctx.db, ctx.actor, input.data, input.team)),
  update: protectedProcedure
    .input(z.object({ id: z.string(), data: z.unknown() }))
    .mutation(({ ctx, input }) => updateDistribution(ctx.db, ctx.actor, input.id, input.data)),
  delete: protectedProcedure
    .input(id)
    .mutation(({ ctx, input }) => deleteDistribution(ctx.db, ctx.actor, input.id)),
});
