import { FsBlobStore, HubCache, MemoCacheIndex } from "@hubcache/core";
import { bootstrapDefaults, createPrismaCacheIndex, openDb, recordUsage, SecretBox } from "@hubcache/db";
import { createContentApp } from "./app.ts";
import { databaseConfigSource } from "./db-source.ts";
import { DistributionRegistry } from "./distributions.ts";
import type { ContentConfig } from "./env.ts";
import type { Logger } from "./logger.ts";
import { ContentMetrics } from "./metrics.ts";
import { PrefetchWorker } from "./prefetch.ts";
import { UsageRecorder } from "./usage.ts";
import { viaHeader } from "./via.ts";

/** How often the dashboard's counters are written. */
const USAGE_FLUSH_MS = 5_000;

export interface RunningContentServer {
  url: string;
  port: number;
  /** The app itself, for tests that need no socket. */
  fetch(request: Request): Promise<Response>;
  stop(): Promise<void>;
}

/** Opens the database (migrating it), bootstraps a first configuration, and serves on `config.port`. */
export async function startContentServer(
  config: ContentConfig,
  logger: Logger,
): Promise<RunningContentServer> {
  const database = await openDb(config.databaseUrl);
  const secrets = SecretBox.load({ databaseUrl: config.databaseUrl });
  if (config.bootstrap) {
    const created = await bootstrapDefaults(database.db, {
      hubUrl: config.hubUrl,
      hubToken: config.hubToken ?? undefined,
      secretBox: secrets,
    });
    if (created)
      logger.info({ hubUrl: config.hubUrl, basePath: "huggingface" }, "bootstrapped a default distribution");
  }
  const store = new FsBlobStore(config.storageDir);
  await store.init();
  const cache: HubCache = new HubCache({
    // Hot-path lookups are remembered briefly: a purge made elsewhere shows within seconds.
    index: new MemoCacheIndex(createPrismaCacheIndex(database.db), config.configRefreshMs),
    store,
    revisionTtlMs: config.revisionTtlMs,
    hooks: {
      onDownloadFailed: (error) => logger.warn({ err: error.message }, "upstream download discarded"),
    },
    onError: (error) => logger.warn({ err: error }, "cannot record cache hits"),
  });
  const metrics = new ContentMetrics(() => cache.files.inFlightDownloads);
  const registry = new DistributionRegistry(
    databaseConfigSource(database.db, secrets, logger, {
      allowlist: config.remoteUrlAllowlist,
      hubUrl: config.hubUrl,
    }),
    config.configRefreshMs,
    metrics,
    viaHeader(config.instanceId),
  );
  const usage = new UsageRecorder(
    (distributionId, hour, delta) => recordUsage(database.db, distributionId, hour, delta),
    USAGE_FLUSH_MS,
    (error) => logger.warn({ err: error }, "cannot record usage"),
  );
  const app = createContentApp({
    cache,
    registry,
    metrics,
    usage,
    logger,
    instanceId: config.instanceId,
    bodyTimeoutMs: config.bodyTimeoutMs,
  });
  const prefetch = new PrefetchWorker(database.db, cache, registry, logger, config.prefetchPollMs);
  prefetch.start();
  const server = Bun.serve({
    hostname: config.host,
    port: config.port,
    // Slow upstreams (a cold HEAD, a big first chunk) must not be cut by Bun's 10 s idle default.
    idleTimeout: 255,
    fetch: app.fetch,
  });
  const port = server.port ?? config.port;
  return {
    url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`,
    port,
    fetch: app.fetch,
    async stop() {
      await server.stop(true);
      await prefetch.stop();
      await usage.close();
      await cache.close();
      await registry.close();
      await database.close();
    },
  };
}
