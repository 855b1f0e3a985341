import {
  auditEventViewSchema,
  auditQuerySchema,
  contentServersViewSchema,
  dashboardQuerySchema,
  dashboardViewSchema,
  listAuditEvents,
  listContentServerViews,
  usageDashboard,
} from "@hubcache/services";
import { z } from "zod";
import { protectedProcedure, router } from "../init.ts";

/** The audit log of the user's teams, newest first. */
export const auditRouter = router({
  list: protectedProcedure
    .input(auditQuerySchema.partial().optional())
    .output(z.array(auditEventViewSchema))
    .query(({ ctx, input }) => listAuditEvents(ctx.db, ctx.actor, input ?? {})),
});

/** The dashboard's figures: traffic and storage of the user's teams over a number of days. */
export const usageRouter = router({
  dashboard: protectedProcedure
    .input(dashboardQuerySchema.partial().optional())
    .output(dashboardViewSchema)
    .query(({ ctx, input }) => usageDashboard(ctx.db, ctx.actor, input ?? {})),
});

/** The content servers (replicas) heard from lately, as their heartbeats tell: anyone signed in, as status/. */
export const contentServerRouter = router({
  list: protectedProcedure
    .output(contentServersViewSchema)
    .query(({ ctx }) => listContentServerViews(ctx.db, ctx.actor)),
});
