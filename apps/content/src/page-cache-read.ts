/**
 * Reads a file's bytes on this thread when they are already in memory (the page cache), and only then:
 * Linux's `preadv2` with `RWF_NOWAIT`, called through `bun:ffi`. A warm file's chunk then costs one memory
 * copy, where `FileHandle.read` hands every chunk to a pool thread and waits to be woken with it (warm
 * 64 MiB GETs were 1.1–1.3× faster this way; docs/performance.md). Bytes not in memory are left to the
 * caller's usual read, off the event loop, so a file read from the disk never blocks it.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

/** Fail instead of waiting for the disk (linux/fs.h). */
const RWF_NOWAIT = 0x8;

type Preadv2 = (fd: number, iov: BigUint64Array, count: number, offset: number, flags: number) => number;

function loadPreadv2(): Preadv2 | null {
  if (process.platform !== "linux") return null;
  try {
    const libc = dlopen("libc.so.6", {
      preadv2: {
        args: [FFIType.i32, FFIType.ptr, FFIType.i32, FFIType.i64_fast, FFIType.i32],
        returns: FFIType.i64_fast,
      },
    });
    return libc.symbols.preadv2 as unknown as Preadv2;
  } catch {
    // No glibc (musl names it libc.so), or no preadv2 in it: every read takes the usual path.
    return null;
  }
}

const preadv2 = loadPreadv2();
/** The one `struct iovec` (address, length) every read fills in: reads are synchronous, on one thread. */
const iov = new BigUint64Array(2);

/** True when reads from memory are possible here (Linux with glibc). */
export const pageCacheReadsAvailable = preadv2 !== null;

/**
 * Reads up to `length` bytes at `position` of `fd` into `buffer` (from its start) if they are in the page
 * cache: the count read, which is short when only the first part is there, 0 at the end of the file; or
 * null when the first byte is not in memory or the read failed (the caller reads the usual way, which
 * also reports a real error).
 */
export function readFromPageCache(
  fd: number,
  buffer: Uint8Array,
  length: number,
  position: number,
): number | null {
  if (preadv2 === null || length <= 0) return null;
  iov[0] = BigInt(ptr(buffer));
  iov[1] = BigInt(Math.min(length, buffer.byteLength));
  const read = preadv2(fd, iov, 1, position, RWF_NOWAIT);
  return read >= 0 ? read : null;
}
