import { BackgroundLoop } from "@hubcache/core";
import type { UsageDelta } from "@hubcache/db";

export type UsageSink = (distributionId: string, hour: Date, delta: UsageDelta) => Promise<void>;

const empty = (): UsageDelta => ({
  requests: 0,
  hits: 0,
  misses: 0,
  bytesFromCache: 0,
  bytesFromUpstream: 0,
});

/**
 * Counts what each distribution serves, hour by hour, in memory, and writes the sums every `flushMs`:
 * the dashboard's numbers cost no database write on the request path.
 */
export class UsageRecorder {
  private pending = new Map<string, { distributionId: string; hour: Date; delta: UsageDelta }>();
  private readonly loop: BackgroundLoop;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: UsageSink,
    flushMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.loop = new BackgroundLoop({
      name: "usage counters",
      intervalMs: flushMs,
      run: () => this.flush(),
      onError: (error) => this.onError(error),
    });
    this.loop.start();
  }

  add(distributionId: string, change: Partial<UsageDelta>): void {
    const hour = this.now();
    hour.setUTCMinutes(0, 0, 0);
    this.merge(distributionId, hour, change);
  }

  private merge(distributionId: string, hour: Date, change: Partial<UsageDelta>): void {
    const key = `${distributionId}\n${hour.getTime()}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { distributionId, hour, delta: empty() };
      this.pending.set(key, entry);
    }
    for (const [name, value] of Object.entries(change) as Array<[keyof UsageDelta, number]>) {
      entry.delta[name] += value;
    }
  }

  /** Writes the sums so far; flushes never overlap. Rejects (keeping the sums) when a write fails. */
  flush(): Promise<void> {
    const flush = this.flushing.then(async () => {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      let failure: unknown = null;
      for (const { distributionId, hour, delta } of batch) {
        try {
          await this.sink(distributionId, hour, delta);
        } catch (error) {
          failure ??= error;
          this.merge(distributionId, hour, delta);
        }
      }
      if (failure !== null) throw failure;
    });
    this.flushing = flush.catch(() => undefined);
    return flush;
  }

  /** Stops flushing on a timer and makes one last attempt (a failure is reported, not thrown). */
  async close(): Promise<void> {
    await this.loop.stop();
    await this.flush().catch(this.onError);
  }
}
