import { WriteBuffer } from "@hubcache/core";
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
  private readonly buffer: WriteBuffer<PendingUsage>;

  constructor(
    sink: UsageSink,
    flushMs: number,
    onError: (error: unknown) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.buffer = new WriteBuffer<PendingUsage>({
      name: "usage counters",
      flushMs,
      keyOf: ({ distributionId, hour }) => `${distributionId}\n${hour.getTime()}`,
      merge: (into, from) => {
        for (const name of Object.keys(into.delta) as Array<keyof UsageDelta>) {
          into.delta[name] += from.delta[name];
        }
      },
      write: ({ distributionId, hour, delta }) => sink(distributionId, hour, delta),
      onError,
    });
  }

  add(distributionId: string, change: Partial<UsageDelta>): void {
    const hour = this.now();
    hour.setUTCMinutes(0, 0, 0);
    this.buffer.add({ distributionId, hour, delta: { ...empty(), ...change } });
  }

  /** Writes the sums so far; rejects (keeping the sums) when a write fails. */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  close(): Promise<void> {
    return this.buffer.close();
  }
}

interface PendingUsage {
  distributionId: string;
  hour: Date;
  delta: UsageDelta;
}
