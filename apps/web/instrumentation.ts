/**
 * Next.js start-up hook: stamps every request with its TCP peer address (Next.js hides it; sign-in limits
 * need it, see server/auth/client-address.ts) and creates the first admin account on an empty database.
 */
export async function register(): Promise<void> {
  // Node.js server only (not the edge runtime), and not while `next build` prerenders pages.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { installPeerAddressHeader } = await import("./server/auth/client-address.ts");
  installPeerAddressHeader();
  const { ensureAdminOnStartup } = await import("./server/auth/bootstrap.ts");
  await ensureAdminOnStartup();
}
