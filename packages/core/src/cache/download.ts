import type { BlobStore, TempBlob } from "./blob-store.ts";
import { leasedStream } from "./capacity-gate.ts";
import { StreamingDigest, verifyContent, type ContentHasher, type ExpectedContent } from "./digest.ts";
import { LENT_COPY_BYTES } from "./lent-copies.ts";
import { RecentBytes } from "./recent-bytes.ts";

/** At most what one lent copy holds (a lone reader's reads from memory are lent, lent-copies.ts). */
const READ_CHUNK = LENT_COPY_BYTES;
/** How far behind the writer a reader may be and still get its bytes from memory. */
const RECENT_BYTES = 2 * 1024 * 1024;

export interface StoredBlob {
  digest: string;
  storageKey: string;
  size: number;
  /**
   * Ends the blob's lease, taken before it was moved into place: until then eviction and garbage
   * collection leave it alone (it is on disk but not yet in the index). Call once it is indexed.
   */
  release(): void;
}

/**
 * One upstream download into a temp blob, shared by every request that wants the same file. Readers
 * follow the writer: each gets bytes as soon as they are written, from any offset, so nobody waits for
 * the whole file; a reader keeping up gets them from memory, one further behind from the temp file. The
 * blob is committed only when complete and verified; otherwise every reader errors.
 */
export class Download {
  private written = 0;
  /** `verified`: every byte is in and matches; the blob is being moved into the store (`done` then). */
  private state: "running" | "verified" | "done" | "failed" = "running";
  private failure: Error | null = null;
  private stored: StoredBlob | null = null;
  private readers = 0;
  private released = false;
  private wakeUps: Array<() => void> = [];
  private readonly recent = new RecentBytes(RECENT_BYTES);
  private cancelReason: Error | null = null;
  /** Rejects the upstream read in progress (a cancel must not wait for a stalled upstream). */
  private interruptRead: (reason: Error) => void = () => undefined;
  readonly finished: Promise<StoredBlob>;
  /**
   * Resolves once every byte is in and matches the expected digest and size, before the blob is flushed
   * and moved into the store; rejects if the download fails before that.
   */
  readonly verified: Promise<void>;
  private settleVerified!: { resolve(): void; reject(error: Error): void };

  constructor(
    private readonly temp: TempBlob,
    private readonly store: BlobStore,
    readonly expected: ExpectedContent,
    body: AsyncIterable<Uint8Array>,
    /** Hashes the bytes as they come (default: on this thread). */
    private readonly digest: ContentHasher = new StreamingDigest(expected),
  ) {
    this.verified = new Promise<void>((resolve, reject) => {
      this.settleVerified = { resolve, reject };
    });
    this.verified.catch(() => undefined);
    this.finished = this.run(body);
    // Callers await `finished` when they care; an unobserved failure must not crash the process.
    this.finished.catch(() => undefined);
  }

  /** True once the download has failed: it must never be handed to a new reader. */
  get failed(): boolean {
    return this.state === "failed";
  }

  /** Gives up (a shutdown): readers error, the temp blob is removed; `finished` settles once it is. */
  cancel(reason = new Error("download cancelled")): Promise<unknown> {
    this.cancelReason ??= reason;
    this.interruptRead(reason);
    return this.finished.catch(() => undefined);
  }

  get size(): number {
    return this.expected.size;
  }

  get bytesWritten(): number {
    return this.written;
  }

  /** True once every byte is in and verified (the blob is then being moved into the store). */
  get isVerified(): boolean {
    return this.state === "verified" || this.state === "done";
  }

  /** Bytes `start..end` (inclusive), streamed as they arrive. */
  stream(start: number, end: number): ReadableStream<Uint8Array> {
    let position = start;
    // A reader counts from its first read on, not from its creation: a response that is dropped unread
    // (never pulled, never cancelled) must not keep the temp file's handle open for ever.
    let state: "new" | "reading" | "stored" | "done" = "new";
    let stored: ReadableStreamDefaultReader<Uint8Array> | null = null;
    const leave = () => {
      if (state !== "reading") return;
      state = "done";
      this.readers--;
      void this.releaseIfIdle();
    };
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            if (state === "new") {
              if (this.released && this.stored) {
                // Already stored and its temp file released: the bytes come from the store.
                const { digest } = this.stored;
                stored = leasedStream(
                  this.store.read(digest, position, end),
                  this.store.lease(digest),
                ).getReader();
                state = "stored";
              } else {
                this.readers++;
                state = "reading";
              }
            }
            if (stored) {
              const { value, done } = await stored.read();
              if (done) controller.close();
              else controller.enqueue(value);
              return;
            }
            const chunk = await this.readAt(position, end);
            if (chunk === null) {
              leave();
              controller.close();
              return;
            }
            position += chunk.length;
            controller.enqueue(chunk);
          } catch (error) {
            leave();
            controller.error(error);
          }
        },
        cancel: async (reason) => {
          leave();
          await stored?.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** The next bytes at `position` (up to `end`), waiting for the writer; null past `end`. */
  private async readAt(position: number, end: number): Promise<Uint8Array | null> {
    for (;;) {
      if (position > end) return null;
      if (this.state === "failed") throw this.failure ?? new Error("download failed");
      const available = Math.min(this.written, end + 1) - position;
      if (available > 0) {
        const length = Math.min(available, READ_CHUNK);
        // A lone reader copies, so that the chunk can be freed; readers sharing the fill share views.
        const as = this.readers > 1 ? "view" : "copy";
        const chunk = this.recent.read(position, length, as) ?? (await this.temp.read(position, length));
        if (chunk.length === 0) throw new Error("temp blob shorter than written");
        return chunk;
      }
      await new Promise<void>((resolve) => this.wakeUps.push(resolve));
    }
  }

  private wake(): void {
    const wakeUps = this.wakeUps;
    this.wakeUps = [];
    for (const wakeUp of wakeUps) wakeUp();
  }

  private async run(body: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const digest = this.digest;
    const chunks = body[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.nextChunk(chunks);
        if (next.done) break;
        const chunk = next.value;
        if (this.written + chunk.length > this.expected.size) {
          throw new Error(`upstream sent more than the expected ${this.expected.size} bytes`);
        }
        const hashing = digest.update(chunk);
        if (hashing) await hashing;
        await this.temp.write(chunk);
        // Handed over: the hasher and the temp file are done with it (recent-bytes.ts frees it).
        this.recent.push(chunk);
        this.written += chunk.length;
        this.wake();
      }
      const actual = await digest.finish();
      const mismatch = verifyContent(actual, this.expected);
      if (mismatch) throw new Error(`upstream body rejected: ${mismatch}`);
      this.state = "verified";
      this.settleVerified.resolve();
      const release = this.store.lease(actual.sha256);
      let storageKey: string;
      try {
        storageKey = await this.temp.commit(actual.sha256);
      } catch (error) {
        release();
        throw error;
      }
      this.stored = { digest: actual.sha256, storageKey, size: actual.size, release };
      this.state = "done";
      this.wake();
      await this.releaseIfIdle();
      return this.stored;
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.state = "failed";
      this.settleVerified.reject(this.failure);
      digest.abort();
      this.recent.clear();
      this.wake();
      // Ends the upstream body (not awaited: it may be stuck on a read that a cancel cut short).
      chunks.return?.().catch(() => undefined);
      await this.temp.abort();
      throw this.failure;
    }
  }

  /**
   * The next upstream chunk, or the cancel's reason. Not `Promise.race` with one long-lived promise:
   * every race leaves a reaction on it that keeps its chunk alive, so a 1 GiB fill held 1 GiB of memory.
   */
  private nextChunk(chunks: AsyncIterator<Uint8Array>): Promise<IteratorResult<Uint8Array>> {
    if (this.cancelReason) return Promise.reject(this.cancelReason);
    return new Promise((resolve, reject) => {
      this.interruptRead = reject;
      chunks.next().then(resolve, reject);
    });
  }

  private async releaseIfIdle(): Promise<void> {
    if (this.state !== "done" || this.readers > 0 || this.released) return;
    this.released = true;
    this.recent.clear();
    await this.temp.release();
  }
}
