import { freeChunk } from "./free-chunk.ts";

/**
 * Buffers for the copies a lone reader of a fill is handed (recent-bytes.ts) and for the bytes a reader
 * behind the fill reads back from its temp file (fs-blob-store.ts), lent rather than given: the
 * consumer that writes a copy out hands it back (`returnCopy`) once nothing refers to its bytes any more,
 * and the next copy reuses the buffer. A cold fill's reader then makes no garbage: a fresh copy per read
 * (1 GiB of them per cold GiB) kept the collector busy on the thread that moves the bytes, and its heap
 * grew between collections (docs/performance.md). A copy nobody hands back is left to the collector.
 * Views of a fill's recent chunks are lent too (`lendView`), so that a chunk can be freed once every
 * reader is done with it.
 */

/** The largest copy lent; a read of a fill asks for at most this many bytes (download.ts). */
export const LENT_COPY_BYTES = 256 * 1024;
/** Smaller copies are plain ones: lending a whole buffer would cost more than the copy. */
const LENT_MIN_BYTES = 64 * 1024;
/** Free buffers kept for the next copies (a lone reader has one or two out at a time). */
const KEPT_FREE = 8;

const free: ArrayBuffer[] = [];
/** Each copy lent and not yet handed back, with the buffer it is a view of. */
const lent = new WeakMap<Uint8Array, ArrayBuffer>();
/** Each view of someone else's bytes lent and not yet handed back, with what to do when it is. */
const lentViews = new WeakMap<Uint8Array, () => void>();

/**
 * `length` bytes to fill, lent when large enough. Until filled they may hold an earlier copy's bytes
 * (another download's): hand on only the bytes written.
 */
export function lentBytes(length: number): Uint8Array {
  if (length < LENT_MIN_BYTES || length > LENT_COPY_BYTES) return new Uint8Array(length);
  const buffer = free.pop() ?? new ArrayBuffer(LENT_COPY_BYTES);
  const bytes = new Uint8Array(buffer, 0, length);
  lent.set(bytes, buffer);
  return bytes;
}

/** A copy of `bytes` (a new array: a Buffer's `slice` would be a view), lent when it is large enough. */
export function lentCopyOf(bytes: Uint8Array): Uint8Array {
  const copy = lentBytes(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Lends a view of bytes their owner frees once nothing refers to them (recent-bytes.ts): `onReturned`
 * runs when the view is handed back (`returnCopy`).
 */
export function lendView(view: Uint8Array, onReturned: () => void): Uint8Array {
  lentViews.set(view, onReturned);
  return view;
}

/**
 * Hands a chunk back once nothing refers to it any more (its bytes may be overwritten, or freed, at once);
 * a chunk that was not lent, or was handed back already, is ignored. A copy's buffer is kept for the next
 * copy, or freed now when enough are kept (not left to the collector, which lets them pile up).
 */
export function returnCopy(chunk: Uint8Array): void {
  const onReturned = lentViews.get(chunk);
  if (onReturned !== undefined) {
    lentViews.delete(chunk);
    onReturned();
    return;
  }
  const buffer = lent.get(chunk);
  if (buffer === undefined) return;
  lent.delete(chunk);
  if (free.length < KEPT_FREE) free.push(buffer);
  else freeChunk(new Uint8Array(buffer));
}
