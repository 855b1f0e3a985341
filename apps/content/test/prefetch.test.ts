import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually, startStack, type Stack } from "./harness.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ hub: { pageSize: 2 }, config: { prefetchPollMs: 50 } });
});
afterAll(async () => {
  await stack.stop();
});

async function queue(repoType: string, repoId: string, revision = "main") {
  const distribution = await stack.database.db.distribution.findFirstOrThrow();
  return stack.database.db.prefetchJob.create({
    data: { distributionId: distribution.id, repoType, repoId, revision, requestedBy: "test" },
  });
}

const bodyRequests = () =>
  stack.hub.countRequests(
    (r) => r.method === "GET" && (r.path.startsWith("/api/resolve-cache/") || r.path.startsWith("/cdn-lfs/")),
  );

describe("pre-fetch jobs", () => {
  test("fetch every file of a repo (across tree pages) into the cache, with progress", async () => {
    stack.hub.resetRequests();
    const job = await queue("dataset", "demo/tiny-dataset");
    const done = await eventually(async () => {
      const row = await stack.database.db.prefetchJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("done");
      return row;
    }, 20_000);
    const info = stack.hub.fileInfo("dataset", "demo/tiny-dataset", "main", "data/test.csv");
    expect(done).toMatchObject({ commit: info.commit, totalFiles: 3, doneFiles: 3 });
    expect(done.doneBytes).toBe(done.totalBytes);
    expect(bodyRequests()).toBe(3);

    // Everything is now served from the cache.
    stack.hub.resetRequests();
    const response = await stack.request(
      `${stack.endpoint}/datasets/demo/tiny-dataset/resolve/${info.commit}/data/test.csv`,
    );
    expect(await response.text()).toContain("hello");
    expect(stack.hub.requests).toEqual([]);
  });

  test("a job left running by a content server that died is picked up again", async () => {
    const job = await queue("space", "demo/tiny-space");
    // As a crashed worker leaves it: claimed, then no heartbeat for minutes.
    await stack.database.db.prefetchJob.update({
      where: { id: job.id },
      data: { status: "running", updatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    const done = await eventually(async () => {
      const row = await stack.database.db.prefetchJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("done");
      return row;
    }, 20_000);
    expect(done.doneFiles).toBe(done.totalFiles);
    expect(done.totalFiles).toBe(3);
  });

  test("a job for a repo the Hub does not have fails with the Hub's message", async () => {
    const job = await queue("model", "nobody/nothing");
    const failed = await eventually(async () => {
      const row = await stack.database.db.prefetchJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("failed");
      return row;
    }, 20_000);
    expect(failed.error).toBeTruthy();
  });

  test("an immediate remote's first request for a repo queues its whole snapshot, once", async () => {
    const remote = await stack.database.db.remote.findFirstOrThrow();
    await stack.database.db.remote.update({ where: { id: remote.id }, data: { policy: "immediate" } });
    try {
      // The configuration is re-read in the background, started by a request once 200 ms have passed.
      await Bun.sleep(300);
      await (await stack.request(`${stack.endpoint}/api/models/gpt2`)).arrayBuffer();
      await Bun.sleep(100);
      const readme = await stack.request(`${stack.endpoint}/demo/tiny-model/resolve/main/README.md`);
      expect(readme.status).toBe(200);
      await readme.arrayBuffer();
      const { commit } = stack.hub.fileInfo("model", "demo/tiny-model", "main", "README.md");
      const job = await eventually(async () => {
        const row = await stack.database.db.prefetchJob.findFirstOrThrow({
          where: { repoId: "demo/tiny-model", requestedBy: "immediate policy" },
        });
        expect(row.status).toBe("done");
        return row;
      }, 20_000);
      expect(job).toMatchObject({ revision: commit, commit, totalFiles: 6, doneFiles: 6 });
      // Every file is in the cache now, and asking again queues nothing new.
      stack.hub.resetRequests();
      const config = await stack.request(`${stack.endpoint}/demo/tiny-model/resolve/${commit}/config.json`);
      expect(config.status).toBe(200);
      await config.arrayBuffer();
      expect(stack.hub.requests).toEqual([]);
      await Bun.sleep(200);
      const jobs = await stack.database.db.prefetchJob.count({ where: { repoId: "demo/tiny-model" } });
      expect(jobs).toBe(1);
    } finally {
      await stack.database.db.remote.update({ where: { id: remote.id }, data: { policy: remote.policy } });
    }
  }, 30_000);
});
