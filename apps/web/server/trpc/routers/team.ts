import {
  addMember,
  changeRole,
  createTeam,
  createUser,
  isInstanceAdmin,
  listMembers,
  listMyTeams,
  removeMember,
  renameTeam,
} from "@hubcache/api";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const teamId = z.object({ teamId: z.string() });
const member = z.object({ teamId: z.string(), userId: z.string() });

// Inputs are validated by the services with the shared zod schemas.
export const teamRouter = router({
  list: protectedProcedure.query(({ ctx }) => listMyTeams(ctx.db, ctx.actor)),
  create: protectedProcedure
    .input(z.object({ data: z.unknown() }))
    .mutation(({ ctx, input }) => createTeam(ctx.db, ctx.actor, input.data)),
  rename: protectedProcedure
    .input(z.object({ teamId: z.string(), data: z.unknown() }))
    .mutation(({ ctx, input }) => renameTeam(ctx.db, ctx.actor, input.teamId, input.data)),
  members: protectedProcedure
    .input(teamId)
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.actor, input.teamId)),
  addMember: protectedProcedure
    .input(z.object({ teamId: z.string(), data: z.unknown() }))
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.actor, input.teamId, input.data)),
  changeRole: protectedProcedure
    .input(member.extend({ role: z.unknown() }))
    .mutation(({ ctx, input }) => changeRole(ctx.db, ctx.actor, input.teamId, input.userId, input.role)),
  removeMember: protectedProcedure
    .input(member)
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input.teamId, input.userId)),
});

export const userRouter = router({
  /** Whether the signed-in user is the instance admin (may create users). */
  me: protectedProcedure.query(async ({ ctx }) => ({
    username: ctx.actor.username,
    instanceAdmin: await isInstanceAdmin(ctx.db, ctx.actor),
  })),
  create: protectedProcedure
    .input(z.object({ data: z.unknown() }))
    .mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input.data, hashPassword)),
});
