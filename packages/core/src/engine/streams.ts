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
  /** Awaited when the source ends; the stream closes after it, or errors if it rejects. */
  beforeClose?(): Promise<void>;
}

/**
 * A pull-based pass-through with hooks. (A TransformStream with `flush` would do, but Bun then drops the
 * response's Content-Length for chunked encoding.)
 */
export function passThrough(
  source: ReadableStream<Uint8Array>,
  hooks: PassThroughHooks,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) {
          await hooks.beforeClose?.();
          controller.close();
          return;
        }
        hooks.onChunk?.(value);
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
