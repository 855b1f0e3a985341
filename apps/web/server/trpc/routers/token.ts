import { createContentToken, listContentTokens, revokeContentToken } from "@hubcache/api";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

// Inputs are validated by the services with the shared zod schemas.
export const tokenRouter = router({
  list: protectedProcedure.query(({ ctx }) => listContentTokens(ctx.db, ctx.actor)),
  create: protectedProcedure
    .input(z.object({ team: z.string().optional(), data: z.unknown() }))
    .mutation(({ ctx, input }) => createContentToken(ctx.db, ctx.actor, input.data, input.team)),
  revoke: protectedProcedure
    .input(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeContentToken(ctx.db, ctx.actor, input.id)),
});
