import { FsBlobStore, type RepoKey } from "@hubcache/core";
import type { Db } from "@hubcache/db";
import { openTestDb } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "prom-client";
import { CapacityManager } from "../src/capacity.ts";
import { CapacityMetrics } from "../src/capacity-metrics.ts";
import { createLogger } from "../src/logger.ts";

describe("room made before a fill, with CACHE_MAX_BYTES", () => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let dir: string;
  let remoteId: string;
  let sums = 0;
  let db: Db;

  beforeAll(async () => {
    handle = await openTestDb("sqlite");
    dir = await mkdtemp(join(tmpdir(), "hubcache-capacity-reads-"));
    const team = await handle.db.team.create({ data: { name: "T", slug: "t" } });
    remoteId = (await handle.db.remote.create({ data: { teamId: team.id, name: "hf" } })).id;
    // Counts the sums of every blob's size (what a large store makes slow).
    db = handle.db.$extends({
      query: {
        blob: {
          aggregate({ args, query }) {
            sums++;
            return query(args);
          },
        },
      },
    }) as unknown as Db;
  });
  afterAll(async () => {
    await handle.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function manager(maxBytes: number): Promise<CapacityManager> {
    const store = new FsBlobStore(join(dir, `blobs-${maxBytes}`));
    await store.init();
    return new CapacityManager(
      db,
      store,
      { maxBytes, minFreeBytes: 0 },
      new CapacityMetrics(new Registry()),
      createLogger("silent"),
      { intervalMs: 60_000, onError: () => undefined, onFilesRemoved: () => undefined, readTtlMs: 60_000 },
    );
  }
  const repo = (): RepoKey => ({ remoteId, repoType: "model", repoId: "org/model" });

  test("reads the store's total once per refresh interval, not once per fill", async () => {
    const capacity = await manager(1_000_000);
    sums = 0;
    for (let n = 0; n < 10; n++) {
      const reservation = await capacity.reserve(repo(), 1_000);
      expect(reservation).not.toBeNull();
      reservation!.release();
    }
    expect(sums).toBe(1);
  });

  test("counts the fills that ended since it read the total: the limit holds in between", async () => {
    const capacity = await manager(1_000);
    const first = await capacity.reserve(repo(), 600);
    expect(first).not.toBeNull();
    first!.release();
    // The database has no blob yet (this test stores none): only the count of ended fills refuses it.
    expect(await capacity.reserve(repo(), 600)).toBeNull();
  });
});
