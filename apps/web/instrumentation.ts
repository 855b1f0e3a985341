/** Next.js start-up hook: creates the first admin account on an empty database (see server/auth). */
export async function register(): Promise<void> {
  // Node.js server only (not the edge runtime), and not while `next build` prerenders pages.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureAdminOnStartup } = await import("./server/auth/bootstrap.ts");
  await ensureAdminOnStartup();
}
