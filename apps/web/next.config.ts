import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@hubcache/db", "@hubcache/core"],
  // Database drivers stay plain Node modules rather than being bundled.
  serverExternalPackages: ["@libsql/client", "libsql", "@prisma/adapter-libsql", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
};

export default config;
