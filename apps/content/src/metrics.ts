import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { UpstreamObserver, UpstreamState } from "@hubcache/core";

/** Prometheus metrics of the content server, exposed at /metrics. */
export class ContentMetrics implements UpstreamObserver {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "hubcache_http_requests_total",
    help: "Client requests by method and status",
    labelNames: ["method", "status"],
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({
    name: "hubcache_cache_lookups_total",
    help: "File requests by cache result (hit, miss, stream)",
    labelNames: ["result"],
    registers: [this.registry],
  });
  private readonly bytesServed = new Counter({
    name: "hubcache_bytes_served_total",
    help: "File bytes sent to clients, by where they came from (cache or upstream)",
    labelNames: ["source"],
    registers: [this.registry],
  });
  private readonly replays = new Counter({
    name: "hubcache_replayed_responses_total",
    help: "Warm answers sent again from memory by the HTTP front, without the app (also counted above)",
    registers: [this.registry],
  });
  private readonly upstreamErrors = new Counter({
    name: "hubcache_upstream_errors_total",
    help: "Upstream requests that failed at the network level",
    labelNames: ["kind"],
    registers: [this.registry],
  });
  private readonly upstreamLatency = new Histogram({
    name: "hubcache_upstream_response_seconds",
    help: "Time until the upstream's response headers",
    labelNames: ["method", "status"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly backgroundFailures = new Counter({
    name: "hubcache_background_failures_total",
    help: "Failed runs of background tasks (configuration reload, pre-fetch queue, counters), by task",
    labelNames: ["task"],
    registers: [this.registry],
  });

  private readonly upstreamOffline = new Gauge({
    name: "hubcache_upstream_offline",
    help: "1 while an upstream is marked offline after repeated failures (requests then fail at once)",
    labelNames: ["upstream"],
    registers: [this.registry],
  });

  /** `replica`: a label on every metric (this server's instance id), to tell replicas apart. */
  constructor(inFlightDownloads: () => number, replica?: string) {
    if (replica !== undefined) this.registry.setDefaultLabels({ replica });
    collectDefaultMetrics({ register: this.registry, prefix: "hubcache_" });
    new Gauge({
      name: "hubcache_downloads_in_flight",
      help: "Upstream downloads currently filling the cache",
      registers: [this.registry],
      collect() {
        this.set(inFlightDownloads());
      },
    });
  }

  backgroundFailure(task: string): void {
    this.backgroundFailures.inc({ task });
  }

  request(method: string, status: number): void {
    this.requests.inc({ method, status: String(status) });
  }

  replayed(): void {
    this.replays.inc();
  }

  cacheLookup(result: "hit" | "miss" | "stream"): void {
    this.cacheLookups.inc({ result });
  }

  served(source: "cache" | "upstream", bytes: number): void {
    if (bytes > 0) this.bytesServed.inc({ source }, bytes);
  }

  onResponse(method: string, status: number, seconds: number): void {
    this.upstreamLatency.observe({ method, status: String(status) }, seconds);
  }

  onError(_method: string, kind: "timeout" | "unreachable"): void {
    this.upstreamErrors.inc({ kind });
  }

  upstreamState(origin: string, state: UpstreamState): void {
    this.upstreamOffline.set({ upstream: origin }, state === "offline" ? 1 : 0);
  }
}
