import {
  apiTokenInputSchema,
  apiTokenViewSchema,
  createdApiTokenViewSchema,
  createMyApiToken,
  listMyApiTokens,
  revokeMyApiToken,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

/**
 * The signed-in user's personal API tokens (REST API and CLI: `Authorization: Bearer hcapi_…`). Personal:
 * nobody else's appear, and another user's id does not exist (NOT_FOUND), whatever the teams.
 */
export const apiTokenRouter = router({
  list: protectedProcedure
    .output(z.array(apiTokenViewSchema))
    .query(({ ctx }) => listMyApiTokens(ctx.db, ctx.actor)),
  /** The secret is in this answer only. */
  create: protectedProcedure
    .input(z.object({ data: apiTokenInputSchema }))
    .output(createdApiTokenViewSchema)
    .mutation(({ ctx, input }) => createMyApiToken(ctx.db, ctx.actor, input.data)),
  revoke: protectedProcedure
    .input(z.object({ id: z.string() }))
    .output(apiTokenViewSchema)
    .mutation(({ ctx, input }) => revokeMyApiToken(ctx.db, ctx.actor, input.id)),
});
