import {
  deleteTeamPin,
  instanceStorage,
  instanceStorageViewSchema,
  setTeamLimits,
  teamLimitsSchema,
  teamStorage,
  teamStorageViewSchema,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const team = z.object({ team: z.string() });

/** A team's storage (usage, quota, retention, pins, evictions) and the instance's (its admin's only). */
export const storageRouter = router({
  team: protectedProcedure
    .input(team)
    .output(teamStorageViewSchema)
    .query(({ ctx, input }) => teamStorage(ctx.db, ctx.actor, input.team)),
  setLimits: protectedProcedure
    .input(team.extend({ data: teamLimitsSchema }))
    .output(teamStorageViewSchema)
    .mutation(({ ctx, input }) => setTeamLimits(ctx.db, ctx.actor, input.team, input.data)),
  unpin: protectedProcedure
    .input(z.object({ pinId: z.string() }))
    .output(z.null())
    .mutation(async ({ ctx, input }) => {
      await deleteTeamPin(ctx.db, ctx.actor, input.pinId);
      return null;
    }),
  instance: protectedProcedure
    .output(instanceStorageViewSchema)
    .query(({ ctx }) => instanceStorage(ctx.db, ctx.actor)),
});
