/**
 * The baselines the benchmark measures in its own run: this disk's sequential write rate (what a cold
 * fill that stores every byte cannot beat) and nginx serving the same bytes with sendfile (what a warm
 * hit is compared with, started by `startNginx` in test/nginx.ts). nginx is Debian's (`apt-get install
 * nginx-light`); without it that column says so. Also what the cold goal's bound costs in CPU here: the
 * write's CPU time and sha256's rate on one core (see `coldCeiling`).
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface DiskWrite {
  /** MB/s (10^6 bytes/s) of `dd` writing into the directory with fdatasync, as the issue measured it. */
  mbps: number;
  /**
   * `dd`'s own CPU seconds per GiB written: the copies into the page cache (writeback is the kernel's), and
   * a few percent for reading /dev/zero.
   */
  cpuSecondsPerGiB: number;
}

export async function diskWrite(dir: string, bytes: number): Promise<DiskWrite> {
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
  const written = Number(match[1]);
  const cpuSeconds = Number(dd.resourceUsage.cpuTime.total) / 1e6;
  return { mbps: written / 1e6 / Number(match[2]), cpuSecondsPerGiB: cpuSeconds / (written / GiB) };
}

/** MB/s of sha256 on one core of this machine (node:crypto, as the content server hashes fills). */
export function sha256Rate(): number {
  const chunk = new Uint8Array(512 * 1024);
  crypto.getRandomValues(chunk.subarray(0, 65536));
  const chunks = 512; // 256 MiB
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const hash = createHash("sha256");
    const started = performance.now();
    for (let i = 0; i < chunks; i++) hash.update(chunk);
    hash.digest();
    best = Math.max(best, (chunks * chunk.byteLength) / 1e6 / ((performance.now() - started) / 1000));
  }
  return best;
}

export interface ColdCeiling {
  /** The least CPU a cold GiB can take here: two transfers like a direct download, the write, sha256. */
  cpuSecondsPerGiB: number;
  /** MB/s: that CPU spread over every core, and never faster than one core hashes (sha256 is sequential). */
  mbps: number;
}

/**
 * An estimate of what no verified cold fill can beat on this machine. The bytes cross two
 * connections (Hub → cache, cache → client; each at least what a direct download costs the Hub and the
 * client together), are written to the page cache (what `dd` costs) and hashed once (sha256, one core),
 * and the Hub and the client run on the same cores. The cache's own work (HTTP, buffers, bookkeeping) is
 * not counted. Not a proof: the write's CPU is `dd`'s at that moment, and a page cache that
 * must first be reclaimed costs more (the bench takes the cheaper of its `dd`s).
 */
export function coldCeiling(
  directCpuSecondsPerGiB: number,
  writeCpuSecondsPerGiB: number,
  sha256MBps: number,
  cores: number,
): ColdCeiling {
  const cpuSecondsPerGiB = 2 * directCpuSecondsPerGiB + writeCpuSecondsPerGiB + GiB / 1e6 / sha256MBps;
  return { cpuSecondsPerGiB, mbps: Math.min((cores * GiB) / 1e6 / cpuSecondsPerGiB, sha256MBps) };
}
