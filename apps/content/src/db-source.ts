import {
  findActiveContentToken,
  hashToken,
  listDistributions,
  touchContentToken,
  type Db,
  type SecretBox,
} from "@hubcache/db";
import { isTrustedRemote, type RemoteTrust } from "@hubcache/core";
import type { ConfigSource, ContentToken, DistributionConfig } from "./distributions.ts";
import type { Logger } from "./logger.ts";

const TOUCH_INTERVAL_MS = 60_000;

/** Configuration from the database: distributions with their remotes (tokens decrypted), access tokens. */
export function databaseConfigSource(
  db: Db,
  secrets: SecretBox,
  logger: Logger,
  trust: RemoteTrust,
): ConfigSource {
  const lastTouched = new Map<string, number>();
  return {
    async loadDistributions(): Promise<DistributionConfig[]> {
      const rows = await listDistributions(db);
      return rows.map((row) => {
        let hfToken: string | null = null;
        if (row.remote.hfTokenEncrypted) {
          try {
            hfToken = secrets.open(row.remote.hfTokenEncrypted);
          } catch {
            // Never log the token itself; the remote is still served, anonymously.
            logger.error(
              { remote: row.remote.name },
              "cannot decrypt the remote's HF token (wrong HUBCACHE_SECRET?)",
            );
          }
        }
        const { hfTokenEncrypted: _sealed, ...settings } = row.remote;
        return {
          ...row,
          remote: { ...settings, hfToken, allowPrivateNetwork: isTrustedRemote(settings.hubUrl, trust) },
        };
      });
    },

    async findToken(teamId: string, secret: string): Promise<ContentToken | null> {
      const token = await findActiveContentToken(db, teamId, hashToken(secret));
      if (!token) return null;
      const now = Date.now();
      if (now - (lastTouched.get(token.id) ?? 0) > TOUCH_INTERVAL_MS) {
        lastTouched.set(token.id, now);
        touchContentToken(db, token.id).catch((err: unknown) =>
          logger.warn({ err }, "cannot record token use"),
        );
      }
      return { id: token.id, name: token.name, teamId: token.teamId };
    },
  };
}
