import { HubCache, MemoCacheIndex } from "@hubcache/core";
import {
  bootstrapDefaults,
  createPrismaCacheIndex,
  openDb,
  queuePrefetchOnce,
  recordUsage,
  SecretBox,
} from "@hubcache/db";
import { createContentApp } from "./app.ts";
import { openBlobStore } from "./blob-storage.ts";
import { ClusterFills } from "./cluster-fills.ts";
import { clusterRole } from "./cluster-role.ts";
import { CapacityManager } from "./capacity.ts";
import { CapacityMetrics } from "./capacity-metrics.ts";
import { recoverStore } from "./recovery.ts";
import { databaseConfigSource } from "./db-source.ts";
import { DistributionRegistry } from "./distributions.ts";
import type { ContentConfig } from "./env.ts";
import type { Logger } from "./logger.ts";
import { ContentMetrics } from "./metrics.ts";
import { Heartbeat } from "./heartbeat.ts";
import { startHttpFront } from "./http-front.ts";
import { DirectLinks } from "./direct-links.ts";
import { startDirectServer } from "./direct-server.ts";
import { ImmediatePrefetcher } from "./immediate.ts";
import { PrefetchWorker } from "./prefetch.ts";
import { PurgeWorker } from "./purge.ts";
import { readiness } from "./readiness.ts";
import { lockSqliteDatabase } from "./sqlite-lock.ts";
import { UsageRecorder } from "./usage.ts";
import { viaHeader } from "./via.ts";
import { startMemoryKeeper } from "./memory-keeper.ts";
import { HashWorker } from "./worker-hasher.ts";
import { ReplayCache } from "./replay-cache.ts";

/** How often the dashboard's counters are written. */
const USAGE_FLUSH_MS = 5_000;
/** How long a lookup waits for the index before answering from memory (an index read takes ~1 ms). */
const SLOW_INDEX_READ_MS = 250;
/** What replayed answers may hold in memory, heads and bodies (most bodies are the small files' own bytes). */
const REPLAY_MAX_BYTES = 32 * 1024 * 1024;

export interface RunningContentServer {
  url: string;
  port: number;
  /** The direct port (DIRECT_PORT) it listens on; null without one. */
  directPort: number | null;
  /** The app itself, for tests that need no socket. */
  fetch(request: Request): Promise<Response>;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs` (default 0: cut
   * them at once), cancels downloads left running, writes pending counters and closes the database.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Takes the single-server lock of a SQLite database (refused while another content server holds it),
 * then starts serving; the lock is held until `stop` has closed the database.
 */
export async function startContentServer(
  config: ContentConfig,
  logger: Logger,
): Promise<RunningContentServer> {
  const lock = lockSqliteDatabase(config.databaseUrl, config.baseDir);
  try {
    const server = await startServing(config, logger);
    return {
      ...server,
      stop: (graceMs) => server.stop(graceMs).finally(() => lock?.release()),
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Opens the database (migrating it), bootstraps a first configuration, and serves on `config.port`. */
async function startServing(config: ContentConfig, logger: Logger): Promise<RunningContentServer> {
  const database = await openDb(config.databaseUrl, {
    busyTimeoutMs: config.dbBusyTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    queryTimeoutMs: config.dbQueryTimeoutMs,
    baseDir: config.baseDir,
  });
  const secrets = SecretBox.load({
    databaseUrl: config.databaseUrl,
    baseDir: config.baseDir,
    env: { HUBCACHE_SECRET: config.secret ?? undefined },
  });
  if (config.bootstrap) {
    const created = await bootstrapDefaults(database.db, {
      hubUrl: config.hubUrl,
      hubToken: config.hubToken ?? undefined,
      secretBox: secrets,
    });
    if (created)
      logger.info({ hubUrl: config.hubUrl, basePath: "huggingface" }, "bootstrapped a default distribution");
  }
  const { store, init: initStore, orphanGraceMs } = openBlobStore(config, logger);
  // Crash recovery, before serving: temp files, index rows without their complete blob, unindexed blobs.
  const tempFiles = await initStore();
  const recovered = await recoverStore(database.db, store, { orphanGraceMs });
  if (tempFiles > 0 || Object.values(recovered).some((count) => count > 0)) {
    logger.warn({ tempFiles, ...recovered }, "recovered the store after an unclean stop");
  }
  let inFlightDownloads = () => 0;
  const metrics = new ContentMetrics(() => inFlightDownloads(), config.instanceId);
  const backgroundFailure =
    (task: string, message: string) =>
    (err: unknown, context: Record<string, unknown> = {}): void => {
      metrics.backgroundFailure(task);
      logger.warn({ err, task, ...context }, message);
    };
  // Hot-path lookups are remembered briefly: a purge made elsewhere shows within seconds. A database
  // that stops answering does not hold what is remembered for its query timeout.
  const index = new MemoCacheIndex(createPrismaCacheIndex(database.db), config.configRefreshMs, {
    onWriteError: backgroundFailure("index", "cannot write to the cache index; the answer is kept in memory"),
    slowReadMs: SLOW_INDEX_READ_MS,
  });
  const replays = new ReplayCache(REPLAY_MAX_BYTES);
  /** Files left the cache: what was remembered of them is forgotten, replays included. */
  const forget = () => {
    index.forget();
    replays.clear();
  };
  // Where the other replicas reach this one: REPLICA_URL, else the URL it listens on (known once it does).
  let replicaUrl = config.replicaUrl ?? "";
  const cluster = config.clusterSecret
    ? { replicaId: config.instanceId, replicaUrl: () => replicaUrl, clusterSecret: config.clusterSecret }
    : null;
  const capacityMetrics = new CapacityMetrics(metrics.registry);
  const capacity = new CapacityManager(
    database.db,
    store,
    { maxBytes: config.cacheMaxBytes, minFreeBytes: config.cacheMinFreeBytes },
    capacityMetrics,
    logger,
    {
      intervalMs: config.capacityIntervalMs,
      onError: backgroundFailure("capacity", "capacity maintenance failed; retrying"),
      onFilesRemoved: forget,
      readTtlMs: config.configRefreshMs,
      runsClusterPass: cluster
        ? clusterRole(database.db, "capacity", { ...cluster, ttlMs: 3 * config.capacityIntervalMs })
        : undefined,
    },
  );
  const hashing = new HashWorker({
    minBytes: config.hashThreadMinBytes,
    // About 2 × maxBehind batches exist (sent, and free to refill): 4 MiB, where 512 KiB batches made 8
    // and a first large fill grew the server ~4 MiB more, at the same rate (docs/performance.md, Memory).
    batchBytes: 256 * 1024,
    maxBehind: 8,
    retryMs: 30_000,
    onError: backgroundFailure(
      "hash-thread",
      "the hashing thread stopped; the fills it was hashing failed; hashing inline for 30 s",
    ),
  });
  const cache: HubCache = new HubCache({
    index,
    store,
    revisionTtlMs: config.revisionTtlMs,
    hooks: {
      capacity,
      hasher: (expected) => hashing.hasherFor(expected),
      coordinator: cluster
        ? new ClusterFills(database.db, {
            ...cluster,
            leaseMs: config.fillLeaseMs,
            onError: backgroundFailure("fill-lease", "cannot renew a fill's lease; retrying"),
          })
        : undefined,
      // A follower continues once the dead owner's lease has expired and the fill was taken over.
      followResumeMs: 3 * config.fillLeaseMs + 5_000,
      onDownloadFailed: (error) => {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") {
          // Nothing of the fill is kept; room is made at once rather than at the next scheduled pass.
          capacityMetrics.diskFullHit();
          logger.error({ err: error.message }, "disk full during a fill: abandoned; evicting to the floor");
          void capacity.runNow();
          return;
        }
        logger.warn({ err: error.message }, "upstream download discarded");
      },
      onIndexFailed: backgroundFailure("index", "a verified file could not be indexed; it is fetched again"),
    },
    onError: backgroundFailure("hits", "cannot record cache hits yet; retrying"),
  });
  inFlightDownloads = () => cache.files.inFlightDownloads;
  const stopMemoryKeeper = startMemoryKeeper(inFlightDownloads, config.fillGcIntervalMs);
  // Created once the server listens (it needs its URL); upstream state changes before that are not lost
  // for long: the next change, or the next request's outcome, tells it again.
  let heartbeat: Heartbeat | null = null;
  const registry = new DistributionRegistry(
    databaseConfigSource(database.db, secrets, logger, {
      allowlist: config.remoteUrlAllowlist,
      hubUrl: config.hubUrl,
    }),
    config.configRefreshMs,
    {
      observer: {
        onResponse: (method, status, seconds) => metrics.onResponse(method, status, seconds),
        onError: (method, kind) => metrics.onError(method, kind),
        onStateChange: (origin, state) => {
          // Answers replayed while the Hub was offline were its last ones: none outlives its return.
          replays.clear();
          metrics.upstreamState(origin, state);
          heartbeat?.upstreamState(origin, state);
          if (state === "offline") {
            logger.warn({ upstream: origin }, "upstream offline: answering from the cache without waiting");
          } else logger.info({ upstream: origin }, "upstream online");
        },
      },
      via: viaHeader(config.instanceId),
      upstreamHealth: {
        offlineAfterFailures: config.upstreamOfflineAfterFailures,
        probeIntervalMs: config.upstreamProbeMs,
      },
      onReloadFailed: backgroundFailure(
        "config",
        "cannot re-read the configuration; the last one stays in force",
      ),
      // A token revoked, a distribution made private: no answer given before is replayed after.
      onReloaded: () => replays.clear(),
    },
  );
  const usage = new UsageRecorder(
    (distributionId, hour, delta) => recordUsage(database.db, distributionId, hour, delta),
    USAGE_FLUSH_MS,
    backgroundFailure("usage", "cannot record usage yet; retrying"),
  );
  // DIRECT_PORT: large cached files are redirected to a port that sends them with sendfile.
  let directLinks: DirectLinks | undefined;
  const direct =
    config.directPort === null
      ? null
      : startDirectServer({
          host: config.host,
          port: config.directPort,
          check: (url) => directLinks?.check(url) ?? "invalid",
          localPath: (digest) => store.localPath(digest) ?? "",
          touch: (digest) => store.touch(digest),
          onError: (error) => logger.error({ err: error }, "direct download failed"),
          onAnswered: (entry) => logger.info({ direct: true, ...entry }, "request"),
        });
  if (direct) directLinks = new DirectLinks(config.directUrl, direct.port, config.directMinBytes);
  const app = createContentApp({
    cache,
    directLinks,
    registry,
    metrics,
    usage,
    logger,
    instanceId: config.instanceId,
    clusterSecret: config.clusterSecret,
    bodyTimeoutMs: config.bodyTimeoutMs,
    // Never longer than the configuration is trusted (a replay is not a request that re-reads it).
    replayTtlMs: Math.min(config.replayTtlMs, config.configRefreshMs),
    revisionTtlMs: config.revisionTtlMs,
    ready: readiness({ pingDatabase: () => database.db.$queryRaw`SELECT 1`, store, logger }),
    immediate: new ImmediatePrefetcher(
      (request) => queuePrefetchOnce(database.db, request),
      logger,
      backgroundFailure("immediate", "cannot queue an immediate remote's snapshot; asked again later"),
    ),
  });
  const prefetch = new PrefetchWorker(
    database.db,
    cache,
    registry,
    config.prefetchPollMs,
    backgroundFailure("prefetch", "pre-fetch queue unavailable; retrying"),
    logger,
  );
  prefetch.start();
  const purges = new PurgeWorker(
    database.db,
    capacity,
    config.prefetchPollMs,
    backgroundFailure("purge", "purge queue unavailable; retrying"),
    logger,
    forget,
  );
  purges.start();
  capacity.start();
  void capacity.runNow();
  const front = await startHttpFront(app.fetch, {
    host: config.host,
    port: config.port,
    headersTimeoutMs: 60_000,
    keepAliveTimeoutMs: 5_000,
    onError: (error) => logger.warn({ err: error }, "response cut off"),
    replays,
    pageCacheReads: config.pageCacheReads,
  });
  const port = front.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  replicaUrl ||= url;
  heartbeat = new Heartbeat(
    database.db,
    {
      id: config.instanceId,
      // Where the other replicas (and the console) reach this one: behind NAT or a container network
      // that is REPLICA_URL, not the address it listens on.
      url: replicaUrl,
      cacheMaxBytes: config.cacheMaxBytes,
      fillsInFlight: () => cache.files.inFlightDownloads,
    },
    backgroundFailure("heartbeat", "cannot record this server's heartbeat; retrying"),
  );
  heartbeat.start();
  const beating = heartbeat;
  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    directPort: direct?.port ?? null,
    fetch: app.fetch,
    stop(graceMs = 0) {
      stopping ??= (async () => {
        stopMemoryKeeper();
        const prefetchStopped = prefetch.stop();
        const capacityStopped = capacity.stop();
        const purgesStopped = purges.stop();
        const heartbeatStopped = beating.stop();
        // No new connections from here on; transfers in flight get `graceMs` to finish, then are cut.
        await Promise.all([front.stop(graceMs), direct?.stop(graceMs)]);
        // Downloads nobody reads any more are given up, their temp files removed.
        await cache.close();
        await hashing.close();
        // Revisions and API answers written behind land before the database closes.
        await index.settled();
        await prefetchStopped;
        await capacityStopped;
        await purgesStopped;
        await heartbeatStopped;
        await usage.close();
        await registry.close();
        await database.close();
      })();
      return stopping;
    },
  };
}
