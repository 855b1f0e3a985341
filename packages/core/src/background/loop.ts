import { backoffDelayMs } from "./backoff.ts";

export interface BackgroundLoopOptions {
  /** Names the loop in error reports. */
  name: string;
  /** Pause between two runs while they succeed. */
  intervalMs: number;
  /** The longest pause after failures (the pause doubles with each failure in a row). */
  maxBackoffMs?: number;
  /** One iteration. It never overlaps with itself. */
  run: () => Promise<void>;
  /** Told of every failure, with how many happened in a row and the pause before the next try. */
  onError: (error: unknown, context: { loop: string; failures: number; retryInMs: number }) => void;
}

/**
 * Runs a task over and over in the background. A failing run never takes the process down: it is
 * reported, and the loop backs off (doubling the pause up to `maxBackoffMs`) and tries again; one
 * success brings the normal interval back.
 */
export class BackgroundLoop {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: Promise<void> | null = null;
  private failures = 0;
  private stopped = true;

  constructor(private readonly options: BackgroundLoopOptions) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.options.intervalMs);
  }

  /** Runs an iteration now (or joins the one running) and resolves when it is over; never rejects. */
  runNow(): Promise<void> {
    this.current ??= this.iterate().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** No further runs; waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow().then(() => this.schedule(this.nextDelay()));
    }, delayMs);
    // A background loop never keeps the process alive by itself.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private nextDelay(): number {
    return backoffDelayMs(this.options.intervalMs, this.failures, this.options.maxBackoffMs);
  }

  private async iterate(): Promise<void> {
    try {
      await this.options.run();
      this.failures = 0;
    } catch (error) {
      this.failures++;
      try {
        this.options.onError(error, {
          loop: this.options.name,
          failures: this.failures,
          retryInMs: this.nextDelay(),
        });
      } catch {
        // A reporter that throws must not end the loop either.
      }
    }
  }
}
