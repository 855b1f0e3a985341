/** The web app's configuration, read once. */
export const webEnv = {
  databaseUrl: process.env.DATABASE_URL || "file:./data/hubcache.db",
  /** Where clients reach the content server (shown in snippets). */
  contentUrl: process.env.CONTENT_PUBLIC_URL || `http://localhost:${process.env.CONTENT_PORT || "8080"}`,
};
