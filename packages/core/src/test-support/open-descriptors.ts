import { readdirSync, readlinkSync } from "node:fs";

/** The paths this process has open under `folder` (Linux: /proc/self/fd), for tests of leaked handles. */
export function descriptorsUnder(folder: string): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(folder) ? [target] : [];
    } catch {
      // Closed since the listing (the listing's own descriptor among them).
      return [];
    }
  });
}
