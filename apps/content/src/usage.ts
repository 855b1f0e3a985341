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
  private readonly timer: ReturnType<typeof setInterval>;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: UsageSink,
    flushMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref?.();
  }

  add(distributionId: string, change: Partial<UsageDelta>): void {
    const hour = this.now();
    hour.setUTCMinutes(0, 0, 0);
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

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      this.pending = new Map();
      for (const { distributionId, hour, delta } of batch.values()) {
        await this.sink(distributionId, hour, delta).catch(this.onError);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
