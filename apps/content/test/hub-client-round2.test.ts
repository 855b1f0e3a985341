import {
  countCommits,
  downloadFile,
  fileDownloadInfo,
  fileExists,
  listCommits,
  listDatasets,
  listFiles,
  listModels,
  parseSafetensorsMetadata,
  pathsInfo,
} from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bytesOf, startStack, type Stack } from "./harness.ts";
import { seedRound2, type Round2Commits } from "./round2-seed.ts";

// The real @huggingface/hub, through both base paths of one distribution, for every route it uses beyond
// downloads (hub-client.test.ts): fileExists and safetensors metadata (raw/ HEAD, ranges), raw/ GET,
// commits and their count, nested and expanded listings, paths-info, and the repo listings across pages.

let stack: Stack;
let commits: Round2Commits;

beforeAll(async () => {
  stack = await startStack({
    hub: { pageSize: 2 },
    seed: (hub) => {
      commits = seedRound2(hub);
    },
  });
});
afterAll(async () => {
  await stack.stop();
});

/** Every upstream request came from the cache (its user agent), none straight from the client. */
function expectAllThroughCache(): void {
  for (const request of stack.hub.requests) {
    expect(String(request.headers["user-agent"])).toStartWith("hubcache");
  }
}

const weights = { type: "model" as const, name: "acme/weights" };

for (const base of ["huggingface", "pulp/content/huggingface"]) {
  describe(`@huggingface/hub through /${base}`, () => {
    const hubUrl = () => `${stack.server.url}/${base}`;

    test("fileExists: HEAD raw/ for a regular file, an LFS file, a missing one and a PR", async () => {
      stack.hub.resetRequests();
      expect(await fileExists({ repo: weights, path: "config.json", hubUrl: hubUrl() })).toBe(true);
      expect(await fileExists({ repo: weights, path: "model.safetensors", hubUrl: hubUrl() })).toBe(true);
      expect(await fileExists({ repo: weights, path: "docs/déjà vu (1).txt", hubUrl: hubUrl() })).toBe(true);
      expect(await fileExists({ repo: weights, path: "missing.bin", hubUrl: hubUrl() })).toBe(false);
      expect(
        await fileExists({ repo: weights, path: "README.md", revision: "refs/pr/1", hubUrl: hubUrl() }),
      ).toBe(false);
      // raw/ of an LFS file never needs its bytes: no CDN download happened.
      expect(stack.hub.countRequests((r) => r.path.startsWith("/cdn-lfs/"))).toBe(0);
      expectAllThroughCache();
    });

    test("raw/ GET: an LFS file's pointer with its git oid as ETag, a regular file's own bytes", async () => {
      const lfs = stack.hub.fileInfo("model", weights.name, "main", "model.safetensors");
      const upstreamPointer = await (
        await fetch(`${stack.hub.url}/acme/weights/raw/main/model.safetensors`)
      ).text();
      expect(upstreamPointer).toContain(lfs.sha256);
      stack.hub.resetRequests();
      const pointer = await fetch(`${hubUrl()}/acme/weights/raw/main/model.safetensors`);
      expect(pointer.status).toBe(200);
      expect(pointer.headers.get("etag")).toBe(`"${lfs.sha1}"`);
      expect(pointer.headers.get("x-linked-etag")).toBeNull();
      expect(pointer.headers.get("x-repo-commit")).toBe(lfs.commit);
      expect(await pointer.text()).toBe(upstreamPointer);
      // The pointer is built from what the cache knows: the bytes were never downloaded for it.
      expect(stack.hub.countRequests((r) => r.path.startsWith("/cdn-lfs/"))).toBe(0);

      const regular = stack.hub.fileInfo("model", weights.name, "main", "config.json");
      const config = await fetch(`${hubUrl()}/acme/weights/raw/main/config.json`);
      expect(config.status).toBe(200);
      expect(config.headers.get("etag")).toBe(`"${regular.sha1}"`);
      expect(bytesOf(await config.arrayBuffer())).toEqual(
        await stack.hub.readFile("model", weights.name, "main", "config.json"),
      );
      expectAllThroughCache();
    });

    test("fileDownloadInfo and downloadFile with raw: the LFS pointer's size, git oid and text", async () => {
      const lfs = stack.hub.fileInfo("model", weights.name, "main", "model.safetensors");
      const upstreamPointer = await (
        await fetch(`${stack.hub.url}/acme/weights/raw/main/model.safetensors`)
      ).text();
      stack.hub.resetRequests();
      const info = await fileDownloadInfo({
        repo: weights,
        path: "model.safetensors",
        raw: true,
        hubUrl: hubUrl(),
      });
      expect(info?.size).toBe(new TextEncoder().encode(upstreamPointer).byteLength);
      expect(info?.etag).toBe(`"${lfs.sha1}"`);
      expect(info?.url.startsWith(hubUrl())).toBe(true);
      const blob = await downloadFile({
        repo: weights,
        path: "model.safetensors",
        raw: true,
        hubUrl: hubUrl(),
      });
      expect(await blob?.text()).toBe(upstreamPointer);
      expect(
        await fileDownloadInfo({ repo: weights, path: "missing.bin", raw: true, hubUrl: hubUrl() }),
      ).toBeNull();
      expectAllThroughCache();
    });

    test("parseSafetensorsMetadata of a single file and of a sharded index", async () => {
      const single = await parseSafetensorsMetadata({ repo: weights, hubUrl: hubUrl() });
      expect(single.sharded).toBe(false);
      if (!single.sharded) {
        expect(single.header["embed.weight"]).toMatchObject({ dtype: "F32", shape: [4, 8] });
      }
      const sharded = await parseSafetensorsMetadata({
        repo: { type: "model", name: "acme/sharded" },
        hubUrl: hubUrl(),
        computeParametersCount: true,
      });
      expect(sharded.sharded).toBe(true);
      if (sharded.sharded) {
        expect(Object.keys(sharded.headers).sort()).toEqual([
          "model-00001-of-00002.safetensors",
          "model-00002-of-00002.safetensors",
        ]);
        expect(sharded.headers["model-00002-of-00002.safetensors"]?.["c.weight"]?.shape).toEqual([1, 5]);
      }
      expect(sharded.parameterCount?.F32).toBe(4 + 3 + 5);
      expectAllThroughCache();
    });

    test("listCommits across pages, countCommits from X-Total-Count", async () => {
      const oids: string[] = [];
      for await (const commit of listCommits({ repo: weights, hubUrl: hubUrl(), batchSize: 1 })) {
        oids.push(commit.oid);
      }
      expect(oids).toEqual([commits.weightsSecond, commits.weightsFirst]);
      expect(await countCommits({ repo: weights, hubUrl: hubUrl() })).toBe(2);
      expect(await countCommits({ repo: weights, revision: "refs/pr/1", hubUrl: hubUrl() })).toBe(1);
    });

    test("listFiles of a nested folder, recursive and expanded, and of a PR", async () => {
      const repo = { type: "dataset" as const, name: "acme/table" };
      const nested: string[] = [];
      for await (const entry of listFiles({ repo, path: "data/nested", hubUrl: hubUrl() })) {
        nested.push(entry.path);
      }
      expect(nested).toEqual(["data/nested/b.csv", "data/nested/deeper"]);
      const expanded = [];
      for await (const entry of listFiles({
        repo,
        path: "data",
        recursive: true,
        expand: true,
        hubUrl: hubUrl(),
      })) {
        expanded.push(entry);
      }
      expect(expanded.map((entry) => entry.path)).toContain("data/nested/deeper/a.csv");
      for (const entry of expanded) expect(entry.lastCommit?.id).toMatch(/^[0-9a-f]{40}$/);
      const file = expanded.find((entry) => entry.type === "file");
      expect(file?.securityFileStatus).toMatchObject({ status: "safe" });
      const parquet: string[] = [];
      for await (const entry of listFiles({
        repo,
        revision: "refs/convert/parquet",
        recursive: true,
        hubUrl: hubUrl(),
      })) {
        parquet.push(entry.path);
      }
      expect(parquet).toContain("default/train/0000.parquet");
      const pr: string[] = [];
      for await (const entry of listFiles({ repo: weights, revision: "refs/pr/1", hubUrl: hubUrl() })) {
        pr.push(entry.path);
      }
      expect(pr).not.toContain("README.md");
      expectAllThroughCache();
    });

    test("pathsInfo with expand", async () => {
      const infos = await pathsInfo({
        repo: weights,
        paths: ["config.json", "model.safetensors", "docs"],
        expand: true,
        hubUrl: hubUrl(),
      });
      expect(infos.map((info) => info.path).sort()).toEqual(["config.json", "docs", "model.safetensors"]);
      for (const info of infos) expect(info.lastCommit.id).toMatch(/^[0-9a-f]{40}$/);
      const lfs = infos.find((info) => info.path === "model.safetensors");
      expect(lfs?.lfs?.oid).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(infos)).not.toContain("xetHash");
    });

    test("listModels and listDatasets across pages, kept on the cache", async () => {
      stack.hub.resetRequests();
      const models: string[] = [];
      for await (const model of listModels({ search: { owner: "lister" }, hubUrl: hubUrl() })) {
        models.push(model.name);
      }
      expect(models).toEqual(["lister/m-a", "lister/m-b", "lister/m-c", "lister/m-d", "lister/m-e"]);
      const datasets: string[] = [];
      for await (const dataset of listDatasets({ search: { owner: "lister" }, hubUrl: hubUrl() })) {
        datasets.push(dataset.name);
      }
      expect(datasets).toEqual(["lister/d-a", "lister/d-b", "lister/d-c"]);
      // Pages of 2: three pages of models and two of datasets, every one asked by the cache.
      expect(stack.hub.countRequests((r) => r.path.startsWith("/api/models?"))).toBe(3);
      expect(stack.hub.countRequests((r) => r.path.startsWith("/api/datasets?"))).toBe(2);
      expectAllThroughCache();
    });
  });
}
