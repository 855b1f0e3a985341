import {
  addMember,
  changeRole,
  createdUserSchema,
  createTeam,
  createUser,
  isInstanceAdmin,
  listMembers,
  listMyTeams,
  memberInputSchema,
  memberViewSchema,
  removeMember,
  renameTeam,
  roleSchema,
  teamInputSchema,
  teamViewSchema,
  userInputSchema,
} from "@hubcache/services";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const teamId = z.object({ teamId: z.string() });
const member = z.object({ teamId: z.string(), userId: z.string() });

// Inputs are the shared zod schemas; the services check them too.
export const teamRouter = router({
  list: protectedProcedure.output(z.array(teamViewSchema)).query(({ ctx }) => listMyTeams(ctx.db, ctx.actor)),
  create: protectedProcedure
    .input(z.object({ data: teamInputSchema }))
    .output(teamViewSchema)
    .mutation(({ ctx, input }) => createTeam(ctx.db, ctx.actor, input.data)),
  rename: protectedProcedure
    .input(teamId.extend({ data: teamInputSchema }))
    .output(teamViewSchema)
    .mutation(({ ctx, input }) => renameTeam(ctx.db, ctx.actor, input.teamId, input.data)),
  members: protectedProcedure
    .input(teamId)
    .output(z.array(memberViewSchema))
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.actor, input.teamId)),
  addMember: protectedProcedure
    .input(teamId.extend({ data: memberInputSchema }))
    .output(memberViewSchema)
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.actor, input.teamId, input.data)),
  changeRole: protectedProcedure
    .input(member.extend({ role: roleSchema }))
    .output(memberViewSchema)
    .mutation(({ ctx, input }) => changeRole(ctx.db, ctx.actor, input.teamId, input.userId, input.role)),
  removeMember: protectedProcedure
    .input(member)
    .output(z.void())
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input.teamId, input.userId)),
});

export const userRouter = router({
  /** Whether the signed-in user is the instance admin (may create users). */
  me: protectedProcedure
    .output(z.object({ username: z.string(), instanceAdmin: z.boolean() }))
    .query(async ({ ctx }) => ({
      username: ctx.actor.username,
      instanceAdmin: await isInstanceAdmin(ctx.db, ctx.actor),
    })),
  create: protectedProcedure
    .input(z.object({ data: userInputSchema }))
    .output(createdUserSchema)
    .mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input.data, hashPassword)),
});
