import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@hubcache/db", "@hubcache/core", "@hubcache/api"],
  // The Pulp REST API's URLs end with a slash (curl in the seed README posts to them): serve them as they
  // are instead of redirecting, which would turn a POST into a redirect curl does not follow.
  skipTrailingSlashRedirect: true,
  // Database drivers stay plain Node modules rather than being bundled.
  serverExternalPackages: ["@libsql/client", "libsql", "@prisma/adapter-libsql", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
};

export default config;
