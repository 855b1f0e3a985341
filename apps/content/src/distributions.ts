import type { DistributionRoute, RemoteSettings } from "@hubcache/db";
import {
  serviceUnavailable,
  UpstreamClient,
  type UpstreamConfig,
  type UpstreamObserver,
} from "@hubcache/core";
import { ReloadSchedule, type ReloadAttempt } from "./reload-schedule.ts";

/** A remote as the content server holds it: its token opened, and whether it may reach private addresses. */
export interface RemoteConfig extends RemoteSettings {
  /** May its upstream connections reach private addresses? Only for remotes the operator trusts. */
  allowPrivateNetwork: boolean;
  /** Decrypted HF token of the remote, used for upstream calls only. */
  hfToken: string | null;
}

export type DistributionConfig = DistributionRoute<RemoteConfig>;

export interface ContentToken {
  id: string;
  name: string;
  teamId: string;
}

/** Where configuration comes from (the database in production). */
export interface ConfigSource {
  loadDistributions(): Promise<DistributionConfig[]>;
  /** The active (not revoked, not expired) token of `teamId` with this secret, or null. */
  findToken(teamId: string, secret: string): Promise<ContentToken | null>;
}

/** Told once per failed re-read of the configuration (the last one stays in force). */
export type ConfigReloadFailure = (error: unknown, attempt: ReloadAttempt) => void;

/** When an upstream counts as offline, and how often it is probed then (UpstreamConfig's defaults). */
export type UpstreamHealthSettings = Pick<UpstreamConfig, "offlineAfterFailures" | "probeIntervalMs">;

export interface RegistryOptions {
  /** Told of every upstream answer, failure and change of state (metrics, logs). */
  observer?: UpstreamObserver;
  /** Sent as `Via` on every upstream request, so a remote leading back to us is seen as a loop. */
  via?: string;
  upstreamHealth?: UpstreamHealthSettings;
  onReloadFailed?: ConfigReloadFailure;
  /** Told after every successful re-read (what was derived from the last one may be out of date). */
  onReloaded?: () => void;
  /** The longest pause between re-reads while they fail (default: a minute). */
  maxReloadBackoffMs?: number;
}

export interface MatchedDistribution {
  distribution: DistributionConfig;
  /** The path the distribution was reached at, e.g. `/pulp/content/team-a`. */
  mount: string;
  /** The raw path below the base path, without a leading slash. */
  rest: string;
}

const SEED_PREFIX = "pulp/content/";
/** A path that matches no distribution re-reads the configuration, at most this often. */
const MISS_RELOAD_MS = 250;

/**
 * The distributions and their upstream clients, re-read from the source every `refreshMs` so that changes
 * made in the console apply without a restart. Token checks are cached for the same short time, so a
 * revocation takes effect within seconds. While re-reads fail, they back off (ReloadSchedule).
 */
export class DistributionRegistry {
  private distributions: DistributionConfig[] = [];
  private loaded = false;
  /** Why the last read failed: the 503's cause while nothing was ever loaded. */
  private lastError: unknown = null;
  private readonly schedule: ReloadSchedule;
  private missReloadAt = -Infinity;
  private loading: Promise<void> | null = null;
  private readonly clients = new Map<string, { signature: string; client: UpstreamClient }>();
  private readonly tokenChecks = new Map<string, { result: ContentToken | null; at: number }>();

  private readonly observer: UpstreamObserver | undefined;
  private readonly via: string | undefined;
  private readonly upstreamHealth: UpstreamHealthSettings;
  private readonly onReloadFailed: ConfigReloadFailure;
  private readonly onReloaded: () => void;

  constructor(
    private readonly source: ConfigSource,
    private readonly refreshMs: number,
    options: RegistryOptions = {},
  ) {
    this.observer = options.observer;
    this.via = options.via;
    this.upstreamHealth = options.upstreamHealth ?? {};
    this.onReloadFailed = options.onReloadFailed ?? (() => undefined);
    this.onReloaded = options.onReloaded ?? (() => undefined);
    this.schedule = new ReloadSchedule(refreshMs, options.maxReloadBackoffMs);
  }

  async match(pathname: string): Promise<MatchedDistribution | null> {
    await this.refresh();
    const found = this.find(pathname);
    const now = performance.now();
    if (found || now - this.missReloadAt < MISS_RELOAD_MS || this.schedule.failing) return found;
    // An unknown base path may be a distribution created a moment ago: read the configuration once more
    // (at most every MISS_RELOAD_MS, so that probes of random paths cannot hammer the database; and not
    // while re-reads fail: then the backoff decides).
    this.missReloadAt = now;
    await this.reload();
    return this.find(pathname);
  }

  private find(pathname: string): MatchedDistribution | null {
    const path = pathname.replace(/^\/+/, "");
    const candidates = [{ prefix: "", rest: path }];
    if (path.startsWith(SEED_PREFIX))
      candidates.push({ prefix: SEED_PREFIX, rest: path.slice(SEED_PREFIX.length) });
    for (const { prefix, rest } of candidates) {
      for (const distribution of this.distributions) {
        const base = distribution.basePath;
        if (rest === base || rest.startsWith(`${base}/`)) {
          return { distribution, mount: `/${prefix}${base}`, rest: rest.slice(base.length + 1) };
        }
      }
    }
    return null;
  }

  async byId(id: string): Promise<DistributionConfig | null> {
    await this.refresh();
    return this.distributions.find((distribution) => distribution.id === id) ?? null;
  }

  upstreamFor(remote: RemoteConfig): UpstreamClient {
    const signature = JSON.stringify([
      remote.hubUrl,
      remote.allowPrivateNetwork,
      remote.hfToken,
      remote.connectTimeoutMs,
      remote.readTimeoutMs,
    ]);
    const existing = this.clients.get(remote.id);
    if (existing?.signature === signature) return existing.client;
    if (existing) void existing.client.close();
    const client = new UpstreamClient(
      {
        hubUrl: remote.hubUrl,
        token: remote.hfToken,
        connectTimeoutMs: remote.connectTimeoutMs,
        readTimeoutMs: remote.readTimeoutMs,
        allowPrivateNetwork: remote.allowPrivateNetwork,
        ...(this.via === undefined ? {} : { via: this.via }),
        ...this.upstreamHealth,
      },
      this.observer,
    );
    this.clients.set(remote.id, { signature, client });
    return client;
  }

  async verifyToken(teamId: string, secret: string): Promise<ContentToken | null> {
    const key = `${teamId}\n${secret}`;
    const cached = this.tokenChecks.get(key);
    if (cached && performance.now() - cached.at < this.refreshMs) return cached.result;
    let result: ContentToken | null;
    try {
      result = await this.source.findToken(teamId, secret);
    } catch (error) {
      // No revocation can be recorded while the database is unreachable: the last answer still holds.
      if (cached) return cached.result;
      throw serviceUnavailable("The cache's database", error);
    }
    if (this.tokenChecks.size > 10_000) this.tokenChecks.clear();
    this.tokenChecks.set(key, { result, at: performance.now() });
    return result;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close()));
    this.clients.clear();
  }

  /**
   * Re-reads the configuration when the schedule says so: every `refreshMs`, less often while re-reads
   * fail. Only the very first load is waited for: after that requests are answered with the configuration
   * in force while a reload runs, so a slow or locked database never holds a request, and a failed reload
   * keeps the last one. While nothing could be loaded yet, requests between two tries get a 503 at once.
   */
  private async refresh(): Promise<void> {
    const loading = this.schedule.due ? this.reload() : this.loading;
    if (this.loaded) return;
    if (loading) return loading;
    throw serviceUnavailable("The cache's database", this.lastError);
  }

  /**
   * Reads the configuration (one read at a time); a failure keeps the last one, once there is one, and
   * is reported once.
   */
  private reload(): Promise<void> {
    this.loading ??= this.source
      .loadDistributions()
      .then((distributions) => {
        // Longest base path first, so the most specific distribution wins.
        this.distributions = distributions.sort((a, b) => b.basePath.length - a.basePath.length);
        this.loaded = true;
        this.schedule.succeeded();
        this.onReloaded();
      })
      .catch((error: unknown) => {
        this.lastError = error;
        const attempt = this.schedule.failed();
        if (!this.loaded) throw serviceUnavailable("The cache's database", error);
        this.onReloadFailed(error, attempt);
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
