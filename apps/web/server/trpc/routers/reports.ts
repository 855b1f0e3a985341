import {
  auditEventViewSchema,
  auditQuerySchema,
  dashboardQuerySchema,
  dashboardViewSchema,
  listAuditEvents,
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
