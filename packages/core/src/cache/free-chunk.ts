/** Chunks smaller than this are left to the collector. */
const FREED_MIN_BYTES = 64 * 1024;

/**
 * Frees a chunk's memory now, by transferring its buffer to a zero-length one (`ArrayBuffer.transfer`,
 * where the runtime has it: Bun, Node 21+). Only a chunk that is its whole buffer: a view into a larger
 * one (a pool, a socket read that also held headers) may share it with bytes still in use. Nothing may
 * use the chunk afterwards (it is empty).
 */
export function freeChunk(chunk: Uint8Array): void {
  const buffer = chunk.buffer;
  if (!(buffer instanceof ArrayBuffer) || chunk.byteOffset !== 0 || chunk.byteLength !== buffer.byteLength) {
    return;
  }
  if (buffer.byteLength < FREED_MIN_BYTES) return;
  const transfer = (buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }).transfer;
  if (typeof transfer !== "function") return;
  try {
    transfer.call(buffer, 0);
  } catch {
    // Not detachable (a WebAssembly memory's, say): the collector will have it.
  }
}
