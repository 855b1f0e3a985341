/**
 * The baselines the benchmark measures in its own run: this disk's sequential write rate (what a cold
 * fill that stores every byte cannot beat) and nginx serving the same bytes with sendfile (what a warm
 * hit is compared with, started by `startNginx` in test/nginx.ts). nginx is Debian's (`apt-get install
 * nginx-light`); without it that column says so.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";

/** MB/s (10^6 bytes/s) of `dd` writing `bytes` into `dir` with fdatasync, as the issue measured it. */
export async function diskWriteRate(dir: string, bytes: number): Promise<number> {
  const MiB = 1024 * 1024;
  const file = join(dir, "dd-probe.bin");
  const dd = Bun.spawnSync([
    "dd",
    "if=/dev/zero",
    `of=${file}`,
    "bs=1M",
    `count=${Math.ceil(bytes / MiB)}`,
    "conv=fdatasync",
  ]);
  await rm(file, { force: true });
  // "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 0.87 s, 1.2 GB/s"
  const match = /(\d+) bytes .* copied, ([\d.]+) s/.exec(dd.stderr.toString());
  if (dd.exitCode !== 0 || !match) throw new Error(`dd failed: ${dd.stderr.toString()}`);
  return Number(match[1]) / 1e6 / Number(match[2]);
}
