import type { RepoKey } from "./cache-index.ts";

/**
 * Decides whether a file about to be fetched may be kept, making room first (eviction) when it would not
 * fit. Implemented by the content server, which knows the limits, quotas and pins.
 */
export interface CapacityGate {
  /**
   * Called before a fill of `size` bytes for the repo's remote. Returns a reservation of the room, held
   * until the fill is stored and indexed or has failed; null when the file cannot be kept (larger than
   * what can be freed): it is then served streamed, nothing kept.
   */
  reserve(repo: RepoKey, size: number): Promise<CapacityReservation | null>;
}

export interface CapacityReservation {
  /** The fill is over (stored and indexed, or failed): its room is no longer held. Idempotent. */
  release(): void;
}

/** A stream of `source` that calls `release` once, when it ends, errors or is cancelled. */
export function leasedStream(
  source: ReadableStream<Uint8Array>,
  release: () => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await reader.read();
          if (done) {
            release();
            controller.close();
            return;
          }
          controller.enqueue(value);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel: async (reason) => {
        release();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
