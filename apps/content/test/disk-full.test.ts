import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeHub } from "@hubcache/fake-hub";
import { spawnSync } from "node:child_process";
import { mkdtemp, open, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, sha256Hex, startStack, type Stack } from "./harness.ts";
import { metricSum } from "./metrics.ts";

/**
 * A real full disk: the store on an 8 MiB tmpfs, filled by something else while a fill is running.
 * Mounting needs root (CI runs as root); elsewhere the test cannot run and says so loudly — under CI
 * that is a failure.
 */
const mountPoint = await mkdtemp(join(tmpdir(), "hubcache-tmpfs-"));
const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint], {
  encoding: "utf8",
});
const canMount = mounted.status === 0;
if (!canMount) {
  const message = `cannot mount a tmpfs at ${mountPoint} (${mounted.stderr.trim() || mounted.error?.message}): the disk-full test needs root`;
  if (process.env.CI) throw new Error(`${message}; CI runs as root and must run it.`);
  console.warn(
    `\n${"!".repeat(100)}\n!!! ${message}\n!!! NOT RUN: disk full during a fill.\n${"!".repeat(100)}\n`,
  );
}

const REPO = "org/disk";
const seed = (hub: FakeHub) =>
  hub.addRepo({
    id: REPO,
    files: {
      "small-1.bin": { size: 200_000, seed: 1 },
      "small-2.bin": { size: 200_000, seed: 2 },
      "big.bin": { size: 4 * 1024 * 1024, seed: 3 },
    },
  });

let stack: Stack;
beforeAll(async () => {
  if (!canMount) return;
  stack = await startStack({ seed, config: { storageDir: join(mountPoint, "blobs"), blobGraceMs: 0 } });
});
afterAll(async () => {
  if (canMount) {
    await stack?.stop();
    spawnSync("umount", [mountPoint]);
  }
  await rm(mountPoint, { recursive: true, force: true });
});

const url = (path: string) => `${stack.endpoint}/${REPO}/resolve/main/${path}`;

async function expectFile(path: string): Promise<void> {
  const response = await fetch(url(path));
  expect(response.status).toBe(200);
  const body = await response.arrayBuffer();
  expect(await sha256Hex(body)).toBe(await sha256Hex(await stack.hub.readFile("model", REPO, "main", path)));
}

const tempFiles = () => readdir(join(mountPoint, "blobs", "tmp"));

/** Writes zeros into `path` until the file system says ENOSPC. */
async function fillDisk(path: string): Promise<void> {
  const handle = await open(path, "w");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    await handle.close();
  }
}

describe.skipIf(!canMount)("disk full (ENOSPC) on a real 8 MiB tmpfs", () => {
  test("the fill is abandoned with no partial blob and no index row; its client sees a failed transfer; the rest is served", async () => {
    await expectFile("small-1.bin");
    await expectFile("small-2.bin");
    stack.hub.faults.bytesPerSecond = 1024 * 1024;
    const response = await fetch(url("big.bin"));
    expect(response.status).toBe(200);
    const outcome = response.arrayBuffer().then(
      (bytes) => `complete (${bytes.byteLength} bytes)`,
      () => "failed",
    );
    await eventually(async () => expect((await tempFiles()).length).toBe(1));
    const filler = join(mountPoint, "filler");
    await fillDisk(filler);
    expect(await outcome).toBe("failed");
    stack.hub.resetFaults();
    await eventually(async () => expect(await tempFiles()).toEqual([]));
    const rows = await stack.database.db.cachedFile.findMany({ select: { path: true } });
    expect(rows.map((row) => row.path)).not.toContain("big.bin");
    expect(await metricSum(stack.server.url, "hubcache_disk_full_total")).toBe(1);
    // The server keeps serving: cached files from the disk (or, if eviction took them to make room,
    // from the Hub), and everything once the space is back.
    await expectFile("small-1.bin");
    await rm(filler);
    await expectFile("big.bin");
    await eventually(async () =>
      expect(
        (await stack.database.db.cachedFile.findMany({ select: { path: true } })).map((r) => r.path),
      ).toContain("big.bin"),
    );
    await expectFile("small-2.bin");
  }, 60_000);
});
