import { parseRemoteUrlAllowlist } from "@hubcache/core";
import { randomBytes } from "node:crypto";
import { isAbsolute, resolve } from "node:path";

/** The content server's configuration, read and validated once at start-up. Nothing else reads the env. */
export interface ContentConfig {
  host: string;
  port: number;
  databaseUrl: string;
  storageDir: string;
  hubUrl: string;
  hubToken: string | null;
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
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, "");
}

function instanceId(env: Env, name: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return randomBytes(8).toString("hex");
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) {
    throw new Error(`${name} must be 1 to 64 letters, digits, ".", "_" or "-", got "${raw}"`);
  }
  return raw;
}

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
export function parseByteSize(name: string, raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(raw);
  const factor = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new Error(
      `${name} must be a size in bytes, optionally with a unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), got "${raw}"`,
    );
  }
  const bytes = Math.floor(Number(match[1]) * factor);
  if (!Number.isSafeInteger(bytes)) throw new Error(`${name} is too large: "${raw}"`);
  return bytes;
}

/** Relative paths are taken from where the user ran npm (INIT_CWD), not from the workspace folder. */
export function baseDir(env: Env): string {
  return env.INIT_CWD || process.cwd();
}

export function loadConfig(env: Env = process.env): ContentConfig {
  const dir = baseDir(env);
  const storage = env.STORAGE_DIR || "./data/blobs";
  return {
    host: env.HOST || "0.0.0.0",
    port: integer(env, "CONTENT_PORT", 8080, 0, 65535),
    databaseUrl: env.DATABASE_URL || "file:./data/hubcache.db",
    storageDir: isAbsolute(storage) ? storage : resolve(dir, storage),
    hubUrl: url(env, "HUB_URL", "https://huggingface.co"),
    hubToken: env.HUB_TOKEN || null,
    remoteUrlAllowlist: parseRemoteUrlAllowlist(env.REMOTE_URL_ALLOWLIST),
    instanceId: instanceId(env, "HUBCACHE_INSTANCE_ID"),
    bodyTimeoutMs: integer(env, "REQUEST_BODY_TIMEOUT_MS", 30_000, 100, 600_000),
    bootstrap: env.BOOTSTRAP !== "false",
    revisionTtlMs: integer(env, "REVISION_TTL_SECONDS", 60, 0, 86_400) * 1000,
    configRefreshMs: integer(env, "CONFIG_REFRESH_MS", 2000, 100, 600_000),
    prefetchPollMs: integer(env, "PREFETCH_POLL_MS", 2000, 50, 600_000),
    logLevel: env.LOG_LEVEL || "info",
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_SECONDS", 30, 0, 3600) * 1000,
    dbBusyTimeoutMs: integer(env, "DB_BUSY_TIMEOUT_MS", 10_000, 0, 600_000),
    upstreamOfflineAfterFailures: integer(env, "UPSTREAM_OFFLINE_AFTER_FAILURES", 3, 1, 1000),
    upstreamProbeMs: integer(env, "UPSTREAM_PROBE_MS", 5_000, 0, 600_000),
    cacheMaxBytes: parseByteSize("CACHE_MAX_BYTES", env.CACHE_MAX_BYTES),
    cacheMinFreeBytes: parseByteSize("CACHE_MIN_FREE_BYTES", env.CACHE_MIN_FREE_BYTES),
    capacityIntervalMs: integer(env, "CAPACITY_INTERVAL_MS", 60_000, 50, 86_400_000),
    blobGraceMs: integer(env, "CACHE_IN_USE_GRACE_MS", 5_000, 0, 600_000),
  };
}
