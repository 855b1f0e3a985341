/** The console's sections, in menu order. */
export const NAV_LINKS: ReadonlyArray<{ href: string; label: string }> = [
  { href: "/", label: "Overview" },
  { href: "/dashboard", label: "Dashboard" },
  { href: "/remotes", label: "Remotes" },
  { href: "/distributions", label: "Distributions" },
  { href: "/tokens", label: "Access tokens" },
  { href: "/api-tokens", label: "API tokens" },
  { href: "/api-reference", label: "API reference" },
  { href: "/teams", label: "Teams" },
  { href: "/cache", label: "Cache" },
  { href: "/storage", label: "Storage" },
  { href: "/audit", label: "Audit log" },
];
