import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

/**
 * Sent with every response of the console and its APIs. The console may not be framed (clickjacking);
 * scripts, styles and connections come from the console's own origin only. Next.js's App Router puts its
 * page data in inline scripts and React writes `style` attributes, hence 'unsafe-inline' (a nonce would
 * make every page dynamic); `next dev` also needs eval for its fast refresh.
 */
export function securityHeaders(dev: boolean): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  ];
}

export default function config(phase: string): NextConfig {
  return {
    transpilePackages: ["@hubcache/db", "@hubcache/core", "@hubcache/services"],
    // The Pulp REST API's URLs end with a slash (curl in the seed README posts to them): serve them as they
    // are instead of redirecting, which would turn a POST into a redirect curl does not follow.
    skipTrailingSlashRedirect: true,
    // Database drivers stay plain Node modules rather than being bundled.
    serverExternalPackages: [
      "@libsql/client",
      "libsql",
      "@prisma/adapter-libsql",
      "pg",
      "@prisma/adapter-pg",
    ],
    poweredByHeader: false,
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
    },
  };
}
