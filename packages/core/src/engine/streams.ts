/** An async iterable as a pull-based web stream; cancelling it closes the source. */
export function toWebStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Reads a whole small body as text, refusing anything larger than `limit` bytes. */
export async function readText(source: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    length += chunk.length;
    if (length > limit) throw new Error(`upstream body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface PassThroughHooks {
  onChunk?(chunk: Uint8Array): void;
  /**
   * Awaited before the chunk that completes `total` bytes is handed on; the stream errors if it rejects.
   * A client reading a body of known length has it all with its last byte, before the stream closes:
   * what it may rely on then (the file verified) must be done by then.
   */
  beforeLastBytes?: { total: number; wait(): Promise<unknown> };
}

/** A pull-based pass-through with hooks. */
export function passThrough(
  source: ReadableStream<Uint8Array>,
  hooks: PassThroughHooks,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let passed = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        passed += value.length;
        const last = hooks.beforeLastBytes;
        if (last && passed >= last.total) await last.wait();
        hooks.onChunk?.(value);
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * Bytes `start..end` (inclusive) read from `first`, then, if a source fails or ends early, from the
 * source `reopen` gives for the rest (from the position reached; it is told why the last one stopped and
 * throws to give up): the reader sees one continued transfer, or an error, never a gap.
 */
export function resumingStream(
  first: ReadableStream<Uint8Array>,
  start: number,
  end: number,
  reopen: (position: number, failure: unknown) => Promise<ReadableStream<Uint8Array>>,
): ReadableStream<Uint8Array> {
  let position = start;
  let reader = first.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let failure: unknown;
          try {
            const { value, done } = await reader.read();
            if (!done) {
              const chunk = value.subarray(0, end + 1 - position);
              position += chunk.length;
              controller.enqueue(chunk);
              if (position > end) {
                await reader.cancel().catch(() => undefined);
                controller.close();
              }
              return;
            }
            if (position > end) {
              controller.close();
              return;
            }
            failure = new Error(`the source ended at byte ${position} of ${start}..${end}`);
          } catch (error) {
            failure = error;
          }
          try {
            reader = (await reopen(position, failure)).getReader();
          } catch (error) {
            controller.error(error);
            return;
          }
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
