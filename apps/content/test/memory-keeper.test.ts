import { describe, expect, test } from "bun:test";
import { startMemoryKeeper } from "../src/memory-keeper.ts";

describe("the memory keeper", () => {
  test("collects while fills are in flight, never while idle, and stops", async () => {
    let fills = 0;
    let collections = 0;
    const stop = startMemoryKeeper(
      () => fills,
      10,
      () => collections++,
    );
    await Bun.sleep(60);
    expect(collections).toBe(0);
    fills = 1;
    await Bun.sleep(60);
    expect(collections).toBeGreaterThanOrEqual(2);
    stop();
    const stopped = collections;
    await Bun.sleep(60);
    expect(collections).toBe(stopped);
  });

  test("an interval of 0 never collects", async () => {
    let collections = 0;
    const stop = startMemoryKeeper(
      () => 1,
      0,
      () => collections++,
    );
    await Bun.sleep(30);
    expect(collections).toBe(0);
    stop();
  });
});
