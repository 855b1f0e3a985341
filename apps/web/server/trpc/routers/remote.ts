import {
  connectionResultSchema,
  createRemote,
  deleteRemote,
  getRemote,
  listRemotes,
  pageOf,
  pageSchema,
  remoteInputSchema,
  remoteUpdateSchema,
  remoteViewSchema,
  testRemoteConnection,
  updateRemote,
  type RemoteOptions,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

const id = z.object({ id: z.string() });
const options = (ctx: RemoteOptions): RemoteOptions => ({
  secrets: ctx.secrets,
  urlAllowlist: ctx.urlAllowlist,
  operatorHubUrl: ctx.operatorHubUrl,
});

// Inputs are the shared zod schemas (one set for REST, tRPC and forms); the services check them too.
export const remoteRouter = router({
  list: protectedProcedure
    .input(pageSchema.partial().optional())
    .output(pageOf(remoteViewSchema))
    .query(({ ctx, input }) => listRemotes(ctx.db, ctx.actor, { limit: 100, offset: 0, ...input })),
  byId: protectedProcedure
    .input(id)
    .output(remoteViewSchema)
    .query(({ ctx, input }) => getRemote(ctx.db, ctx.actor, input.id)),
  create: protectedProcedure
    .input(z.object({ team: z.string().optional(), data: remoteInputSchema }))
    .output(remoteViewSchema)
    .mutation(({ ctx, input }) => createRemote(ctx.db, ctx.actor, input.data, options(ctx), input.team)),
  update: protectedProcedure
    .input(z.object({ id: z.string(), data: remoteUpdateSchema }))
    .output(remoteViewSchema)
    .mutation(({ ctx, input }) => updateRemote(ctx.db, ctx.actor, input.id, input.data, options(ctx))),
  delete: protectedProcedure
    .input(id)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteRemote(ctx.db, ctx.actor, input.id)),
  /** Asks the remote's hub (with its token, never sent back) whether it answers and accepts the token. */
  testConnection: protectedProcedure
    .input(id)
    .output(connectionResultSchema)
    .mutation(({ ctx, input }) => testRemoteConnection(ctx.db, ctx.actor, input.id, options(ctx))),
});
