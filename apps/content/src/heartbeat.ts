import { readFileSync } from "node:fs";
import { BackgroundLoop, type BackgroundLoopOptions, type UpstreamState } from "@hubcache/core";
import { forgetContentServer, recordHeartbeat, type Db } from "@hubcache/db";

/** How often a content server tells the database it is alive (the CLI's `status`, the console). */
export const HEARTBEAT_MS = 10_000;

const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface HeartbeatSource {
  id: string;
  url: string;
  cacheMaxBytes: number | null;
  fillsInFlight(): number;
}

/**
 * This server's row in the database: its URL, version, fills in flight, storage limit and the state of
 * the upstreams it has used, written every HEARTBEAT_MS. Removed when the server stops cleanly.
 */
export class Heartbeat {
  private readonly loop: BackgroundLoop;
  private readonly upstreams = new Map<string, UpstreamState>();
  private readonly startedAt = new Date();

  constructor(
    private readonly db: Db,
    private readonly source: HeartbeatSource,
    onError: BackgroundLoopOptions["onError"],
    intervalMs = HEARTBEAT_MS,
  ) {
    this.loop = new BackgroundLoop({ name: "heartbeat", intervalMs, run: () => this.beat(), onError });
  }

  /** An upstream was marked offline or answered again (the client's health tracker says so). */
  upstreamState(origin: string, state: UpstreamState): void {
    this.upstreams.set(origin, state);
    void this.loop.runNow(); // told at once, not at the next beat
  }

  start(): void {
    void this.loop.runNow();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await forgetContentServer(this.db, this.source.id).catch(() => undefined);
  }

  private beat(): Promise<void> {
    return recordHeartbeat(this.db, {
      id: this.source.id,
      url: this.source.url,
      version: VERSION,
      startedAt: this.startedAt,
      fillsInFlight: this.source.fillsInFlight(),
      cacheMaxBytes: this.source.cacheMaxBytes,
      upstreams: Object.fromEntries(this.upstreams),
    });
  }
}
