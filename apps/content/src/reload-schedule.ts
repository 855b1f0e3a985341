import { backoffDelayMs } from "@hubcache/core";

/** A failed re-read: how many in a row, and how long until the next one. */
export type ReloadAttempt = {
  failures: number;
  retryInMs: number;
};

/**
 * When the configuration is next re-read: `intervalMs` after a read that succeeded; after failures in a
 * row, after a pause doubling up to `maxBackoffMs` (as background loops back off), so that a database
 * that is down is asked once per pause, not once per request.
 */
export class ReloadSchedule {
  private failures = 0;
  private nextAt = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly maxBackoffMs?: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Is a re-read due? */
  get due(): boolean {
    return this.now() >= this.nextAt;
  }

  /** Did the last re-read fail? */
  get failing(): boolean {
    return this.failures > 0;
  }

  succeeded(): void {
    this.failures = 0;
    this.nextAt = this.now() + this.intervalMs;
  }

  failed(): ReloadAttempt {
    this.failures++;
    const retryInMs = backoffDelayMs(this.intervalMs, this.failures, this.maxBackoffMs);
    this.nextAt = this.now() + retryInMs;
    return { failures: this.failures, retryInMs };
  }
}
