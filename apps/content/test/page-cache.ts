import { dlopen, FFIType } from "bun:ffi";
import { open } from "node:fs/promises";

const POSIX_FADV_DONTNEED = 4;

const libc = dlopen("libc.so.6", {
  posix_fadvise: {
    args: [FFIType.i32, FFIType.i64_fast, FFIType.i64_fast, FFIType.i32],
    returns: FFIType.i32,
  },
});

/**
 * Drops `length` bytes of a file from `start` (0: to its end) out of the page cache, so the next read of
 * them goes to the disk: written out first, then let go (`posix_fadvise(DONTNEED)` drops clean pages only).
 */
export async function evictFromPageCache(path: string, start = 0, length = 0): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
    const failed = libc.symbols.posix_fadvise(handle.fd, start, length, POSIX_FADV_DONTNEED);
    if (failed !== 0) throw new Error(`posix_fadvise failed (${failed})`);
  } finally {
    await handle.close();
  }
}
