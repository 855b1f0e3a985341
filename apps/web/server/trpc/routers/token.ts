import {
  contentTokenInputSchema,
  contentTokenViewSchema,
  createContentToken,
  createdContentTokenSchema,
  listContentTokens,
  revokeContentToken,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

// Inputs are the shared zod schemas; the services check them too.
export const tokenRouter = router({
  list: protectedProcedure
    .output(z.array(contentTokenViewSchema))
    .query(({ ctx }) => listContentTokens(ctx.db, ctx.actor)),
  create: protectedProcedure
    .input(z.object({ team: z.string().optional(), data: contentTokenInputSchema }))
    .output(createdContentTokenSchema)
    .mutation(({ ctx, input }) => createContentToken(ctx.db, ctx.actor, input.data, input.team)),
  revoke: protectedProcedure
    .input(z.object({ id: z.string() }))
    .output(contentTokenViewSchema)
    .mutation(({ ctx, input }) => revokeContentToken(ctx.db, ctx.actor, input.id)),
});
