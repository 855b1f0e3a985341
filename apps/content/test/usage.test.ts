import { describe, expect, test } from "bun:test";
import type { UsageDelta } from "@hubcache/db";
import { UsageRecorder } from "../src/usage.ts";

describe("UsageRecorder", () => {
  test("sums changes per distribution and hour, and writes them on flush", async () => {
    const written: Array<[string, string, UsageDelta]> = [];
    let now = new Date("2026-11-26T10:59:00Z");
    const recorder = new UsageRecorder(
      async (id, hour, delta) => void written.push([id, hour.toISOString(), delta]),
      60_000,
      () => undefined,
      () => new Date(now),
    );
    recorder.add("d1", { requests: 1, hits: 1, bytesFromCache: 10 });
    recorder.add("d1", { requests: 1, misses: 1, bytesFromUpstream: 5 });
    now = new Date("2026-11-26T11:00:01Z");
    recorder.add("d1", { requests: 1 });
    recorder.add("d2", { requests: 1 });
    expect(written).toEqual([]);
    await recorder.close();
    expect(written).toEqual([
      [
        "d1",
        "2026-11-26T10:00:00.000Z",
        { requests: 2, hits: 1, misses: 1, bytesFromCache: 10, bytesFromUpstream: 5 },
      ],
      [
        "d1",
        "2026-11-26T11:00:00.000Z",
        { requests: 1, hits: 0, misses: 0, bytesFromCache: 0, bytesFromUpstream: 0 },
      ],
      [
        "d2",
        "2026-11-26T11:00:00.000Z",
        { requests: 1, hits: 0, misses: 0, bytesFromCache: 0, bytesFromUpstream: 0 },
      ],
    ]);
  });

  test("keeps sums it could not write and writes them with the next flush", async () => {
    let down = true;
    const errors: unknown[] = [];
    const written: Array<[string, UsageDelta]> = [];
    const recorder = new UsageRecorder(
      async (id, _hour, delta) => {
        if (down) throw new Error("SQLITE_BUSY: database is locked");
        written.push([id, delta]);
      },
      60_000,
      (error) => errors.push(error),
      () => new Date("2026-11-26T10:30:00Z"),
    );
    recorder.add("d1", { requests: 1, hits: 1 });
    await expect(recorder.flush()).rejects.toThrow("database is locked");
    recorder.add("d1", { requests: 1, misses: 1 });
    down = false;
    await recorder.close();
    expect(errors).toEqual([]);
    expect(written).toEqual([
      ["d1", { requests: 2, hits: 1, misses: 1, bytesFromCache: 0, bytesFromUpstream: 0 }],
    ]);
  });
});

describe("usage through the content server", () => {
  test("requests, hits, misses and bytes by source land in the database per distribution", async () => {
    const { startStack } = await import("./harness.ts");
    const stack = await startStack();
    try {
      const url = `${stack.endpoint}/gpt2/resolve/main/config.json`;
      const size = (await (await stack.request(url)).arrayBuffer()).byteLength;
      await (await stack.request(url)).arrayBuffer();
      await stack.request(url, { method: "HEAD" });
      await stack.server.stop(); // flushes the counters
      const rows = await stack.database.db.usageHour.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ requests: 3, hits: 1, misses: 1 });
      expect(rows[0]?.bytesFromCache).toBe(BigInt(size));
      expect(rows[0]?.bytesFromUpstream).toBe(BigInt(size));
    } finally {
      await stack.stop();
    }
  });
});
