import {
  gitBlobHeader,
  StreamingDigest,
  wantsGitSha1,
  type ActualContent,
  type ContentHasher,
  type ExpectedContent,
} from "@hubcache/core";
import { Worker } from "node:worker_threads";

/**
 * Hashes large fills on a thread of their own (hash-worker.ts). sha256 runs at ~1.5 GB/s on one core
 * here, and it took ~40% of the thread that also receives the upstream's bytes, writes them to disk and
 * sends them to clients: a cold 1 GiB filled at ~470 MB/s, ~650 MB/s with no hash at all
 * (docs/performance.md). Bytes are copied into batches whose buffers go back and forth (transferred, not copied
 * again); a download waits when the thread is `maxBehind` batches behind, so a slow hash cannot grow memory.
 */

export type HashRequest =
  | { kind: "start"; job: number; gitSha1Header: string | null }
  | { kind: "data"; job: number; bytes: Uint8Array }
  | { kind: "finish"; job: number }
  | { kind: "abort"; job: number };

export type HashReply =
  | { kind: "free"; buffer: ArrayBuffer }
  | { kind: "done"; job: number; sha256: string; gitSha1: string | null };

export interface HashWorkerOptions {
  /** Files smaller than this are hashed on the calling thread: a round trip costs more than their hash. */
  minBytes: number;
  /** Bytes per message to the hashing thread. */
  batchBytes: number;
  /** Batches the hashing thread may be behind before a download waits for it. */
  maxBehind: number;
  /**
   * After the hashing thread stopped unexpectedly, fills are hashed inline for this long before a new
   * thread is tried (a thread that cannot start must not fail every large fill).
   */
  retryMs: number;
  /** The hashing thread stopped unexpectedly; the fills it was hashing fail. */
  onError(error: unknown): void;
  now?: () => number;
}

type Digests = Pick<ActualContent, "sha256" | "gitSha1">;

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export class HashWorker {
  private worker: Worker | null = null;
  /** Counts the threads started: a job started on one that stopped cannot finish. */
  private generation = 0;
  private nextJob = 1;
  private readonly finishing = new Map<number, Pending<Digests>>();
  /** Resolves when the hashing thread is no longer too far behind (one for every download waiting). */
  private caughtUp: (Pending<void> & { promise: Promise<void> }) | null = null;
  private free: Uint8Array[] = [];
  private behind = 0;
  private closed = false;
  /** Until when fills are hashed inline, after the thread stopped unexpectedly. */
  private inlineUntil = 0;

  constructor(private readonly options: HashWorkerOptions) {}

  /** A hasher for one fill: on the hashing thread when the file is large enough to gain from it. */
  hasherFor(expected: ExpectedContent): ContentHasher {
    if (expected.size < this.options.minBytes || this.closed || this.now() < this.inlineUntil) {
      return new StreamingDigest(expected);
    }
    this.start();
    const job = this.nextJob++;
    const header = wantsGitSha1(expected) ? gitBlobHeader(expected.size) : null;
    this.post(this.generation, { kind: "start", job, gitSha1Header: header });
    return new WorkerJob(this, job, this.generation);
  }

  /** Stops the hashing thread; fills still hashing there fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error("the hashing thread was stopped"));
    await worker?.terminate();
  }

  /** @internal Posts to the thread `generation`, which must still be running (a new one knows no old job). */
  post(generation: number, request: HashRequest, transfer: ArrayBuffer[] = []): void {
    if (!this.worker || generation !== this.generation) {
      throw new Error("the hashing thread stopped during this fill");
    }
    this.worker.postMessage(request, transfer);
  }

  /** @internal A buffer to fill with the next batch. */
  takeBuffer(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(this.options.batchBytes);
  }

  /** @internal Sends a filled batch; resolves when the download may go on (the thread is not too far behind). */
  send(generation: number, job: number, bytes: Uint8Array): Promise<void> | undefined {
    this.post(generation, { kind: "data", job, bytes }, [bytes.buffer as ArrayBuffer]);
    this.behind++;
    if (this.behind < this.options.maxBehind) return undefined;
    if (!this.caughtUp) {
      let settle!: Pending<void>;
      const promise = new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      });
      // Every download that waits awaits it; marked handled so a rejection nobody awaits is not fatal.
      promise.catch(() => undefined);
      this.caughtUp = { ...settle, promise };
    }
    return this.caughtUp.promise;
  }

  /** @internal */
  finish(generation: number, job: number): Promise<Digests> {
    this.post(generation, { kind: "finish", job });
    return new Promise<Digests>((resolve, reject) => this.finishing.set(job, { resolve, reject }));
  }

  private start(): void {
    if (this.worker) return;
    const worker = new Worker(new URL("./hash-worker.ts", import.meta.url));
    // Hashing never keeps the process alive on its own.
    worker.unref();
    this.worker = worker;
    this.generation++;
    worker.on("message", (reply: HashReply) => {
      if (this.worker === worker) this.onReply(reply);
    });
    const stopped = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.inlineUntil = this.now() + this.options.retryMs;
      this.options.onError(error);
      this.failAll(error);
    };
    worker.on("error", (error) => stopped(new Error(`the hashing thread failed: ${error.message}`)));
    worker.on("exit", (code) => stopped(new Error(`the hashing thread exited (${code})`)));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private onReply(reply: HashReply): void {
    if (reply.kind === "done") {
      this.finishing.get(reply.job)?.resolve({ sha256: reply.sha256, gitSha1: reply.gitSha1 });
      this.finishing.delete(reply.job);
      return;
    }
    this.behind--;
    if (this.free.length < this.options.maxBehind) this.free.push(new Uint8Array(reply.buffer));
    if (this.behind < this.options.maxBehind) {
      this.caughtUp?.resolve();
      this.caughtUp = null;
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.finishing.values()) pending.reject(error);
    this.finishing.clear();
    this.caughtUp?.reject(error);
    this.caughtUp = null;
    this.behind = 0;
    this.free = [];
  }
}

/** One fill's bytes, batched to the hashing thread. */
class WorkerJob implements ContentHasher {
  private batch: Uint8Array | null = null;
  private filled = 0;
  private length = 0;
  private done = false;

  constructor(
    private readonly pool: HashWorker,
    private readonly job: number,
    private readonly generation: number,
  ) {}

  /** Throws once the thread has stopped (at the next batch sent, or at `finish`). */
  update(chunk: Uint8Array): Promise<void> | undefined {
    this.length += chunk.length;
    let wait: Promise<void> | undefined;
    for (let offset = 0; offset < chunk.length;) {
      const batch = (this.batch ??= this.pool.takeBuffer());
      const taken = Math.min(chunk.length - offset, batch.length - this.filled);
      batch.set(chunk.subarray(offset, offset + taken), this.filled);
      this.filled += taken;
      offset += taken;
      if (this.filled === batch.length) wait = this.flush() ?? wait;
    }
    return wait;
  }

  async finish(): Promise<ActualContent> {
    await this.flush();
    this.done = true;
    const digests = await this.pool.finish(this.generation, this.job);
    return { ...digests, size: this.length };
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.batch = null;
    try {
      this.pool.post(this.generation, { kind: "abort", job: this.job });
    } catch {
      // The thread stopped: it holds nothing of this fill any more.
    }
  }

  private flush(): Promise<void> | undefined {
    const batch = this.batch;
    if (!batch || this.filled === 0) return undefined;
    this.batch = null;
    const bytes = batch.subarray(0, this.filled);
    this.filled = 0;
    return this.pool.send(this.generation, this.job, bytes);
  }
}
