import { describe, expect, it } from "vitest";
import { BackgroundLoop } from "./loop.ts";

const until = async (check: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("BackgroundLoop", () => {
  it("keeps running after failures, backs off, and reports each with its context", async () => {
    const runs: number[] = [];
    const reports: Array<{ failures: number; retryInMs: number; message: string }> = [];
    let failing = true;
    const loop = new BackgroundLoop({
      name: "flaky",
      intervalMs: 10,
      maxBackoffMs: 40,
      run: async () => {
        runs.push(Date.now());
        if (failing) throw new Error("database is locked");
      },
      onError: (error, { failures, retryInMs, loop: name }) => {
        expect(name).toBe("flaky");
        reports.push({ failures, retryInMs, message: (error as Error).message });
      },
    });
    loop.start();
    await until(() => reports.length >= 4);
    expect(reports.slice(0, 4).map((r) => r.failures)).toEqual([1, 2, 3, 4]);
    expect(reports.slice(0, 4).map((r) => r.retryInMs)).toEqual([20, 40, 40, 40]);
    expect(reports[0]?.message).toBe("database is locked");
    expect(loop.consecutiveFailures).toBeGreaterThanOrEqual(4);
    failing = false;
    const before = runs.length;
    await until(() => runs.length >= before + 3);
    expect(loop.consecutiveFailures).toBe(0);
    await loop.stop();
    const stoppedAt = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs.length).toBe(stoppedAt);
  });

  it("never overlaps a run with itself, and a throwing reporter does not end the loop", async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    const loop = new BackgroundLoop({
      name: "slow",
      intervalMs: 1,
      run: async () => {
        if (running++ > 0) overlapped = true;
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 15));
        running--;
        throw new Error("boom");
      },
      onError: () => {
        throw new Error("the reporter fails too");
      },
    });
    loop.start();
    await Promise.all([loop.runNow(), loop.runNow()]);
    await until(() => runs >= 3);
    await loop.stop();
    expect(overlapped).toBe(false);
  });
});
