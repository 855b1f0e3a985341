import { parseRemoteUrlAllowlist } from "@hubcache/core";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { resolveStorage, storageEnvShape, type ObjectStoreConfig } from "./storage-env.ts";

/** The content server's configuration, read and validated once at start-up. Nothing else reads the env. */
export interface ContentConfig {
  host: string;
  port: number;
  databaseUrl: string;
  /** Where relative paths (a `file:` database URL, STORAGE_DIR) are taken from. */
  baseDir: string;
  /** The blob folder (STORAGE_URL `file:` or STORAGE_DIR); unused when `objectStore` is set. */
  storageDir: string;
  /** STORAGE_URL `s3://`: blobs in an S3-compatible bucket instead of `storageDir`. */
  objectStore: ObjectStoreConfig | null;
  hubUrl: string;
  hubToken: string | null;
  /** HUBCACHE_SECRET: the key for secrets at rest; null: the key file next to the database. */
  secret: string | null;
  /**
   * Origins of remotes the operator vouches for (`REMOTE_URL_ALLOWLIST`): they, and `hubUrl`'s origin,
   * may reach private addresses. Every other remote is refused loopback, private and link-local addresses.
   */
  remoteUrlAllowlist: string[];
  /** This process's name in `Via` headers (`1.1 hubcache-<id>`): a request carrying it is a loop. */
  instanceId: string;
  /** How long a client may take to send a request body before it gets a 408. */
  bodyTimeoutMs: number;
  bootstrap: boolean;
  revisionTtlMs: number;
  /** How often configuration (distributions, remotes, tokens) is re-read from the database. */
  configRefreshMs: number;
  /** How often queued pre-fetch jobs are looked for. */
  prefetchPollMs: number;
  logLevel: string;
  /** On SIGTERM, how long transfers in flight may take to finish before they are cut. */
  shutdownGraceMs: number;
  /** SQLite: how long a write waits for another process's lock before it fails. */
  dbBusyTimeoutMs: number;
  /** PostgreSQL: how long opening a connection, or waiting for a free one, may take. */
  dbConnectTimeoutMs: number;
  /** PostgreSQL: how long a query may run, or wait for a server that does not answer. */
  dbQueryTimeoutMs: number;
  /** Failures in a row after which an upstream is marked offline (requests then fail at once). */
  upstreamOfflineAfterFailures: number;
  /** While an upstream is offline, how often it is tried again. */
  upstreamProbeMs: number;
  /** `CACHE_MAX_BYTES`: the most the store may hold; null: no limit but the free-space floor. */
  cacheMaxBytes: number | null;
  /**
   * `CACHE_MIN_FREE_BYTES`: free space the store's file system always keeps; null: the default, 1 GiB or
   * 5% of the file system, whichever is smaller.
   */
  cacheMinFreeBytes: number | null;
  /** How often retention, quotas lowered meanwhile and unreferenced blobs are seen to. */
  capacityIntervalMs: number;
  /**
   * How long a blob handed to a zero-copy (sendfile) response counts as in use and is not evicted: the
   * response opens its file moments later; once open, its bytes stay readable even if evicted.
   */
  blobGraceMs: number;
  /** `REPLICA_URL`: where the other replicas reach this one; null: the URL it listens on. */
  replicaUrl: string | null;
  /** `CLUSTER_SECRET`: authorizes replica-to-replica requests (see cluster-auth.ts); never logged. */
  clusterSecret: string | null;
  /**
   * `FILL_LEASE_MS`: with CLUSTER_SECRET, how long a replica's claim on a fill lasts without renewal, so
   * how soon another replica takes over the fill of one that died.
   */
  fillLeaseMs: number;
  /**
   * `FILL_GC_INTERVAL_MS`: while files are being filled, how often garbage is collected (memory-keeper.ts);
   * 0 (the default): left to the runtime. Less memory for less cold throughput.
   */
  fillGcIntervalMs: number;
  /**
   * `HASH_THREAD_MIN_BYTES`: fills of files this large or larger are hashed on a thread of their own
   * (worker-hasher.ts), smaller ones on the event loop.
   */
  hashThreadMinBytes: number;
  /**
   * `REPLAY_TTL_MS`: how long a warm small file or API answer is replayed from memory by the HTTP front
   * without the app (replay-cache.ts); 0: never.
   */
  replayTtlMs: number;
  /**
   * `PAGE_CACHE_READS`: `on` (the default): a warm file's bytes already in memory are read on the event
   * loop while few files are being sent (page-cache-read.ts); `off`: always on a pool thread.
   */
  pageCacheReads: boolean;
  /**
   * `DIRECT_PORT`: a second port that serves cached files with sendfile; GETs of cached files of at least
   * `directMinBytes` are redirected to it with a signed link (direct-server.ts). null: off.
   */
  directPort: number | null;
  /** `DIRECT_URL`: how clients reach the direct port; null: the host they asked, at `directPort`. */
  directUrl: string | null;
  /** `DIRECT_MIN_BYTES`: the smallest file (or range) redirected to the direct port. */
  directMinBytes: number;
}

type Env = Record<string, string | undefined>;

/** Unset and empty mean the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const int = (fallback: number, min: number, max: number) =>
  optional(z.coerce.number().int().min(min).max(max)).transform((value) => value ?? fallback);

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((value) => value.replace(/\/+$/, ""));

const byteSize = optional(z.string()).transform((raw, ctx) => {
  try {
    return parseByteSize(raw);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

/** A fill this large spends ~5 ms hashing; below it, the hand-over to the hashing thread is not worth it. */
const DEFAULT_HASH_THREAD_MIN_BYTES = 8 * 1024 * 1024;

/** Below this, a redirect's extra round trip costs more than sendfile saves (docs/performance.md: the direct port). */
const DEFAULT_DIRECT_MIN_BYTES = 8 * 1024 * 1024;

/** The shortest CLUSTER_SECRET accepted: long enough that guessing it is hopeless. */
export const CLUSTER_SECRET_MIN_LENGTH = 32;

/** Every variable the content server reads, with its default. */
const envSchema = z.object({
  HOST: optional(z.string()).transform((value) => value ?? "0.0.0.0"),
  CONTENT_PORT: int(8080, 0, 65535),
  DATABASE_URL: optional(z.string()).transform((value) => value ?? "file:./data/hubcache.db"),
  ...storageEnvShape,
  INIT_CWD: optional(z.string()),
  HUB_URL: optional(httpUrl).transform((value) => value ?? "https://huggingface.co"),
  HUB_TOKEN: optional(z.string()).transform((value) => value ?? null),
  HUBCACHE_SECRET: optional(z.string()).transform((value) => value ?? null),
  REMOTE_URL_ALLOWLIST: optional(z.string()).transform((value, ctx) => {
    try {
      return parseRemoteUrlAllowlist(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  }),
  HUBCACHE_INSTANCE_ID: optional(
    z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"'),
  ).transform((value) => value ?? randomBytes(8).toString("hex")),
  REQUEST_BODY_TIMEOUT_MS: int(30_000, 100, 600_000),
  BOOTSTRAP: optional(z.enum(["true", "false"])).transform((value) => value !== "false"),
  REVISION_TTL_SECONDS: int(60, 0, 86_400),
  CONFIG_REFRESH_MS: int(2000, 100, 600_000),
  PREFETCH_POLL_MS: int(2000, 50, 600_000),
  LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])).transform(
    (value) => value ?? "info",
  ),
  SHUTDOWN_GRACE_SECONDS: int(30, 0, 3600),
  DB_BUSY_TIMEOUT_MS: int(10_000, 0, 600_000),
  DB_CONNECT_TIMEOUT_MS: int(5_000, 100, 600_000),
  DB_QUERY_TIMEOUT_MS: int(10_000, 100, 3_600_000),
  UPSTREAM_OFFLINE_AFTER_FAILURES: int(3, 1, 1000),
  UPSTREAM_PROBE_MS: int(5_000, 0, 600_000),
  CACHE_MAX_BYTES: byteSize,
  CACHE_MIN_FREE_BYTES: byteSize,
  CAPACITY_INTERVAL_MS: int(60_000, 50, 86_400_000),
  CACHE_IN_USE_GRACE_MS: int(5_000, 0, 600_000),
  REPLICA_URL: optional(httpUrl).transform((value) => value ?? null),
  CLUSTER_SECRET: optional(
    z.string().min(CLUSTER_SECRET_MIN_LENGTH, {
      error: `must be at least ${CLUSTER_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`,
    }),
  ).transform((value) => value ?? null),
  FILL_LEASE_MS: int(5_000, 500, 600_000),
  FILL_GC_INTERVAL_MS: int(0, 0, 60_000),
  HASH_THREAD_MIN_BYTES: byteSize.transform((value) => value ?? DEFAULT_HASH_THREAD_MIN_BYTES),
  REPLAY_TTL_MS: int(1_000, 0, 60_000),
  PAGE_CACHE_READS: optional(z.enum(["on", "off"])).transform((value) => value !== "off"),
  DIRECT_PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((value) => value ?? null),
  DIRECT_URL: optional(httpUrl).transform((value) => value ?? null),
  DIRECT_MIN_BYTES: byteSize.transform((value) => value ?? DEFAULT_DIRECT_MIN_BYTES),
});

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** A size in bytes, or with a unit (`500GiB`, `40MiB`, `2.5GB`); null when unset. */
export function parseByteSize(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(raw);
  const factor = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new Error(
      `must be a size in bytes, optionally with a unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), got "${raw}"`,
    );
  }
  const bytes = Math.floor(Number(match[1]) * factor);
  if (!Number.isSafeInteger(bytes)) throw new Error(`is too large: "${raw}"`);
  return bytes;
}

/**
 * Reads and validates the environment once. Relative paths are taken from where the user ran npm
 * (INIT_CWD), not from the workspace folder. A bad value stops the start with every problem named.
 */
export function loadConfig(env: Env = process.env): ContentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const baseDir = e.INIT_CWD ?? process.cwd();
  const storage = resolveStorage(e, baseDir);
  if ("problems" in storage) throw new Error(`Invalid configuration:\n  ${storage.problems.join("\n  ")}`);
  if (e.CLUSTER_SECRET !== null) {
    // Replicas share the index and the bytes: SQLite and a store folder each belong to one server.
    const problems = [
      ...(e.DATABASE_URL.startsWith("file:")
        ? ["a PostgreSQL DATABASE_URL (SQLite serves one content server)"]
        : []),
      ...(storage.objectStore === null
        ? ["an object store, STORAGE_URL=s3://… (a store folder belongs to one content server)"]
        : []),
    ];
    if (problems.length > 0) {
      throw new Error(
        `Invalid configuration:\n  CLUSTER_SECRET makes this server a replica of a cluster, which needs ${problems.join(" and ")}`,
      );
    }
  }
  if (e.DIRECT_URL !== null && e.DIRECT_PORT === null) {
    throw new Error("Invalid configuration:\n  DIRECT_URL needs DIRECT_PORT, the port it reaches");
  }
  if (e.DIRECT_PORT !== null && storage.objectStore !== null) {
    throw new Error(
      "Invalid configuration:\n  DIRECT_PORT serves a store folder; with STORAGE_URL=s3://… use S3_REDIRECT=true",
    );
  }
  return {
    host: e.HOST,
    port: e.CONTENT_PORT,
    databaseUrl: e.DATABASE_URL,
    baseDir,
    storageDir: storage.storageDir,
    objectStore: storage.objectStore,
    hubUrl: e.HUB_URL,
    hubToken: e.HUB_TOKEN,
    secret: e.HUBCACHE_SECRET,
    remoteUrlAllowlist: e.REMOTE_URL_ALLOWLIST,
    instanceId: e.HUBCACHE_INSTANCE_ID,
    bodyTimeoutMs: e.REQUEST_BODY_TIMEOUT_MS,
    bootstrap: e.BOOTSTRAP,
    revisionTtlMs: e.REVISION_TTL_SECONDS * 1000,
    configRefreshMs: e.CONFIG_REFRESH_MS,
    prefetchPollMs: e.PREFETCH_POLL_MS,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    dbBusyTimeoutMs: e.DB_BUSY_TIMEOUT_MS,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbQueryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
    upstreamOfflineAfterFailures: e.UPSTREAM_OFFLINE_AFTER_FAILURES,
    upstreamProbeMs: e.UPSTREAM_PROBE_MS,
    cacheMaxBytes: e.CACHE_MAX_BYTES,
    cacheMinFreeBytes: e.CACHE_MIN_FREE_BYTES,
    capacityIntervalMs: e.CAPACITY_INTERVAL_MS,
    blobGraceMs: e.CACHE_IN_USE_GRACE_MS,
    replicaUrl: e.REPLICA_URL,
    clusterSecret: e.CLUSTER_SECRET,
    fillLeaseMs: e.FILL_LEASE_MS,
    fillGcIntervalMs: e.FILL_GC_INTERVAL_MS,
    hashThreadMinBytes: e.HASH_THREAD_MIN_BYTES,
    replayTtlMs: e.REPLAY_TTL_MS,
    pageCacheReads: e.PAGE_CACHE_READS,
    directPort: e.DIRECT_PORT,
    directUrl: e.DIRECT_URL,
    directMinBytes: e.DIRECT_MIN_BYTES,
  };
}
