/**
 * Next.js start-up hook: stamps every request with its TCP peer address (Next.js hides it; sign-in limits
 * need it, see server/auth/client-address.ts) and creates the first admin account on an empty database.
 */
export async function register(): Promise<void> {
  // Node.js server only, not the edge runtime: NEXT_RUNTIME is Next.js's own build-time constant (not
  // configuration), so it is read here, before any Node.js-only module is loaded. The configuration itself
  // is validated in lib/env.ts.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { webEnv } = await import("./lib/env.ts");
  if (webEnv.building) return; // `next build` prerendering pages: nothing to start
  const { installPeerAddressHeader } = await import("./server/auth/client-address.ts");
  installPeerAddressHeader();
  const { ensureAdminOnStartup } = await import("./server/auth/bootstrap.ts");
  await ensureAdminOnStartup();
}
