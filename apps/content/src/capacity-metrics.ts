import { Counter, Gauge, type Registry } from "prom-client";

export interface StorageSnapshot {
  storedBytes: number;
  limitBytes: number | null;
  teams: Array<{ slug: string; bytes: number }>;
}

/** The capacity manager's Prometheus metrics, in the content server's registry. */
export class CapacityMetrics {
  private readonly evictions: Counter<"reason">;
  private readonly evictedBytes: Counter<"reason">;
  private readonly streamedTooBig: Counter<"reason">;
  private readonly floorHits: Counter;
  private readonly diskFull: Counter;
  private snapshot: StorageSnapshot = { storedBytes: 0, limitBytes: null, teams: [] };

  constructor(registry: Registry) {
    const registers = [registry];
    this.evictions = new Counter({
      name: "hubcache_evictions_total",
      help: "Cached files removed to make room or for age, by reason (quota, instance, retention)",
      labelNames: ["reason"],
      registers,
    });
    this.evictedBytes = new Counter({
      name: "hubcache_evicted_bytes_total",
      help: "Bytes of the cached files removed, by reason (a shared blob counts for each team's file)",
      labelNames: ["reason"],
      registers,
    });
    this.streamedTooBig = new Counter({
      name: "hubcache_streamed_too_big_total",
      help: "Files served streamed, not kept, because more room was needed than could be freed",
      labelNames: ["reason"],
      registers,
    });
    this.floorHits = new Counter({
      name: "hubcache_free_space_floor_hits_total",
      help: "Fills that would have taken the file system below CACHE_MIN_FREE_BYTES",
      registers,
    });
    this.diskFull = new Counter({
      name: "hubcache_disk_full_total",
      help: "Fills abandoned because the file system was full (ENOSPC)",
      registers,
    });
    const read = () => this.snapshot;
    new Gauge({
      name: "hubcache_stored_bytes",
      help: "Bytes the store holds (each shared blob once)",
      registers,
      collect() {
        this.set(read().storedBytes);
      },
    });
    new Gauge({
      name: "hubcache_stored_limit_bytes",
      help: "CACHE_MAX_BYTES (absent when unset)",
      registers,
      collect() {
        const { limitBytes } = read();
        if (limitBytes !== null) this.set(limitBytes);
      },
    });
    new Gauge({
      name: "hubcache_team_stored_bytes",
      help: "Bytes of the files each team's remotes have cached (what counts against its quota)",
      labelNames: ["team"],
      registers,
      collect() {
        this.reset();
        for (const team of read().teams) this.set({ team: team.slug }, team.bytes);
      },
    });
  }

  update(snapshot: StorageSnapshot): void {
    this.snapshot = snapshot;
  }

  evicted(reason: string, files: number, bytes: number): void {
    if (files === 0) return;
    this.evictions.inc({ reason }, files);
    this.evictedBytes.inc({ reason }, bytes);
  }

  tooBig(reason: string): void {
    this.streamedTooBig.inc({ reason });
  }

  floorHit(): void {
    this.floorHits.inc();
  }

  diskFullHit(): void {
    this.diskFull.inc();
  }
}
