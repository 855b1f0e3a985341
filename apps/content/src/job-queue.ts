import { BackgroundLoop, type BackgroundLoopOptions } from "@hubcache/core";
import type { Logger } from "./logger.ts";

/** How a job ended: done (with what it found), failed with a message, or handed back to the queue. */
export type JobOutcome<R> =
  { status: "done"; result: R } | { status: "failed"; error: string } | { status: "queued" };

/** A job stopped because its server is shutting down: it goes back to the queue. */
export class ShuttingDown extends Error {}

/** A job canceled meanwhile: it is left as it is (its row already says so). */
export class Canceled extends Error {}

export interface JobQueueOptions<J extends { id: string }, R> {
  /** Names the queue in logs ("pre-fetch", "purge"). */
  name: string;
  pollMs: number;
  onError: BackgroundLoopOptions["onError"];
  logger: Logger;
  /** Jobs left running by a server that stopped touching them before this are queued again. */
  requeueStale(staleBefore: Date): Promise<unknown>;
  staleAfterMs: number;
  /** The oldest queued job, claimed atomically for this server (several servers share one queue). */
  claimNext(): Promise<J | null>;
  /** Shows that the job's server is alive; called every `heartbeatMs` while it runs. */
  touch?(job: J): Promise<void>;
  heartbeatMs?: number;
  /** Carries the job out; throws to fail it (or ShuttingDown / Canceled). */
  run(job: J, stopping: () => boolean): Promise<R>;
  finish(job: J, outcome: JobOutcome<R>): Promise<void>;
  /** Context for the log lines of a job. */
  describe(job: J): Record<string, unknown>;
}

/**
 * Works a queue of jobs stored in the database, in the background: polls, claims one job at a time, keeps
 * it alive with a heartbeat, records how it ended, and hands it back when the server stops. A failing poll
 * never takes the server down (the loop logs, backs off and retries).
 */
export class JobQueueWorker<J extends { id: string }, R> {
  private readonly loop: BackgroundLoop;
  private stopping = false;

  constructor(private readonly options: JobQueueOptions<J, R>) {
    this.loop = new BackgroundLoop({
      name: `${options.name} queue`,
      intervalMs: options.pollMs,
      run: () => this.drain(),
      onError: options.onError,
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling; a job in progress stops at its next step and is queued again for later. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
  }

  private async drain(): Promise<void> {
    const { options } = this;
    await options.requeueStale(new Date(Date.now() - options.staleAfterMs));
    while (!this.stopping) {
      const job = await options.claimNext();
      if (!job) return;
      const context = options.describe(job);
      const touch = options.touch;
      const heartbeat = touch
        ? setInterval(() => {
            touch(job).catch((err: unknown) =>
              options.logger.warn({ err, ...context }, `${options.name} heartbeat failed`),
            );
          }, options.heartbeatMs ?? 15_000)
        : null;
      try {
        const result = await options.run(job, () => this.stopping);
        await options.finish(job, { status: "done", result });
        options.logger.info(
          { ...context, ...(typeof result === "object" ? result : {}) },
          `${options.name} done`,
        );
      } catch (error) {
        if (error instanceof Canceled) {
          options.logger.info(context, `${options.name} canceled`);
          continue;
        }
        if (error instanceof ShuttingDown || this.stopping) {
          await options.finish(job, { status: "queued" });
          options.logger.info(context, `${options.name} handed back to the queue`);
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        options.logger.warn({ ...context, err: message }, `${options.name} failed`);
        await options.finish(job, { status: "failed", error: message });
      } finally {
        if (heartbeat) clearInterval(heartbeat);
      }
    }
  }
}
