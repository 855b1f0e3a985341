import { parseRemoteUrlAllowlist } from "@hubcache/api/remote-url";
import { isAbsolute, resolve } from "node:path";

const storageDir = process.env.STORAGE_DIR || "./data/blobs";

/** The web app's configuration, read once. */
export const webEnv = {
  /** The content server's blob store (the console removes purged blobs); relative to where npm ran. */
  storageDir: isAbsolute(storageDir)
    ? storageDir
    : resolve(process.env.INIT_CWD || process.cwd(), storageDir),
  databaseUrl: process.env.DATABASE_URL || "file:./data/hubcache.db",
  /** Where clients reach the content server (shown in snippets). */
  contentUrl: process.env.CONTENT_PUBLIC_URL || `http://localhost:${process.env.CONTENT_PORT || "8080"}`,
  /**
   * Origins team admins and owners may point remotes at (comma-separated; `*` for a host label or the
   * port; default https://huggingface.co). The instance admin may set any URL. A bad entry stops start-up.
   */
  remoteUrlAllowlist: parseRemoteUrlAllowlist(process.env.REMOTE_URL_ALLOWLIST),
};
