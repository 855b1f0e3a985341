/**
 * The buffers large files are sent through from disk (http-front.ts `sendFile`), shared by every download
 * of the process: at most `maxLent` are out at once, and a download that finds none waits for the next one
 * handed back, in turn. A download holds one from the read into it until node:http is done with the write
 * (taken whole, or drained), so among many clients only those whose sockets are full hold one: crowds of
 * 64 clients of one warm file grew the server by +21 to +41 MiB with a buffer each, +0 to +15 MiB sharing
 * 16 (docs/performance.md).
 *
 * A holder whose client stops reading would keep its buffer from the others: after a while it takes the
 * buffer out of the pool (`leave`) and sends the rest of its file through it alone, and the pool makes a
 * new one for the next in line.
 */
export class SendBuffers {
  private readonly free: Buffer[] = [];
  private lent = 0;
  private readonly waiting: Array<(buffer: Buffer) => void> = [];

  constructor(
    readonly bufferBytes: number,
    readonly maxLent: number,
  ) {}

  /** Buffers out right now (not counting those that left the pool). */
  get lentCount(): number {
    return this.lent;
  }

  /** Downloads waiting for a buffer. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** A buffer (its bytes are an earlier download's until overwritten): at once if one is free, else in turn. */
  take(): Buffer | Promise<Buffer> {
    if (this.lent < this.maxLent) {
      this.lent++;
      return this.free.pop() ?? Buffer.allocUnsafe(this.bufferBytes);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands a buffer back once nothing refers to its bytes any more; the next in line gets it. */
  giveBack(buffer: Buffer): void {
    const next = this.waiting.shift();
    if (next) {
      next(buffer);
      return;
    }
    this.lent--;
    this.free.push(buffer);
  }

  /**
   * A buffer lent out leaves the pool with its holder (a write that may still refer to it, or a client
   * that stopped reading): it is never handed back, and its place goes to the next in line.
   */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next(Buffer.allocUnsafe(this.bufferBytes));
    else this.lent--;
  }
}
