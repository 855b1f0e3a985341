import { BackgroundLoop } from "./loop.ts";

export interface WriteBufferOptions<T> {
  /** Names the buffer in error reports. */
  name: string;
  /** How often the buffered entries are written. */
  flushMs: number;
  /** Entries with the same key are merged into one write. */
  keyOf(entry: T): string;
  /** Adds `from` into `into`. */
  merge(into: T, from: T): void;
  write(entry: T): Promise<void>;
  onError(error: unknown): void;
}

/**
 * Counts kept in memory and written in the background every `flushMs`, so that the request path never
 * waits for a database write. An entry that cannot be written (the database is locked or down) is kept
 * and merged into the next flush; the loop backs off while writes fail.
 */
export class WriteBuffer<T> {
  private pending = new Map<string, T>();
  private readonly loop: BackgroundLoop;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: WriteBufferOptions<T>) {
    this.loop = new BackgroundLoop({
      name: options.name,
      intervalMs: options.flushMs,
      run: () => this.flush(),
      onError: (error) => options.onError(error),
    });
    this.loop.start();
  }

  /** Buffers `entry` (the buffer may change it later: pass a fresh object). */
  add(entry: T): void {
    const key = this.options.keyOf(entry);
    const existing = this.pending.get(key);
    if (existing) this.options.merge(existing, entry);
    else this.pending.set(key, entry);
  }

  /** Writes what is buffered; flushes never overlap. Rejects, keeping what failed, if a write fails. */
  flush(): Promise<void> {
    const flush = this.flushing.then(async () => {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      let failure: unknown = null;
      for (const entry of batch) {
        try {
          await this.options.write(entry);
        } catch (error) {
          failure ??= error;
          this.add(entry);
        }
      }
      if (failure !== null) throw failure;
    });
    this.flushing = flush.catch(() => undefined);
    return flush;
  }

  /** Stops the timer and makes one last attempt (a failure is reported, not thrown). */
  async close(): Promise<void> {
    await this.loop.stop();
    await this.flush().catch((error: unknown) => this.options.onError(error));
  }
}
