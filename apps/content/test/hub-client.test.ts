import { generateToken, hashToken } from "@hubcache/db";
import { seedDemoRepos } from "@hubcache/fake-hub";
import {
  checkRepoAccess,
  datasetInfo,
  downloadFile,
  downloadFileToCacheDir,
  fileDownloadInfo,
  HubApiError,
  listCollections,
  listFiles,
  listSpaces,
  modelInfo,
  repoExists,
  snapshotDownload,
  spaceInfo,
  whoAmI,
} from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesOf, sha256Hex, startStack, type Stack } from "./harness.ts";

// The real @huggingface/hub client, pointed at a distribution as HF_ENDPOINT would point it, through both
// of its base paths.
let stack: Stack;
let cacheDir: string;
/** A content access token of the stack's team, shaped like an HF token (`hf_hc_…`). */
let accessToken: string;

const BASE_PATHS = ["huggingface", "pulp/content/huggingface"];
/** A model of its own per test and base path, so the first call through each base path finds it cold. */
const coldModel = (use: string, basePath: string) => ({
  type: "model" as const,
  name: `cold-${use}/${basePath.replaceAll("/", "-")}`,
});
const COLD_USES = ["exists", "info"];

beforeAll(async () => {
  stack = await startStack({
    hub: { pageSize: 2 },
    seed: (hub) => {
      seedDemoRepos(hub);
      for (const basePath of BASE_PATHS) {
        for (const use of COLD_USES) {
          hub.addRepo({
            id: coldModel(use, basePath).name,
            files: { "config.json": '{"model_type":"bert"}', "model.safetensors": { size: 4096, seed: 7 } },
          });
        }
      }
    },
  });
  cacheDir = await mkdtemp(join(tmpdir(), "hubjs-cache-"));
  const db = stack.database.db;
  const team = await db.team.findFirstOrThrow();
  accessToken = generateToken();
  await db.contentToken.create({
    data: { teamId: team.id, name: "hubjs-ci", secretHash: hashToken(accessToken) },
  });
});
afterAll(async () => {
  await stack.stop();
  await rm(cacheDir, { recursive: true, force: true });
});

const model = { type: "model" as const, name: "demo/tiny-model" };

/** Every upstream request came from the cache (its user agent), none straight from the client. */
function expectAllThroughCache(): void {
  for (const request of stack.hub.requests) {
    expect(String(request.headers["user-agent"])).toStartWith("hubcache");
  }
}

/** The stand-in Hub's own answer to an API path and query, asked directly. */
async function upstreamJson(pathAndQuery: string): Promise<unknown> {
  return (await fetch(`${stack.hub.url}/${pathAndQuery}`)).json();
}

for (const basePath of BASE_PATHS) {
  describe(`@huggingface/hub through /${basePath}`, () => {
    const hubUrl = () => `${stack.server.url}/${basePath}`;

    test("downloadFile returns the exact bytes of an LFS file and of a regular file", async () => {
      const info = stack.hub.fileInfo("model", model.name, "main", "model.safetensors");
      const blob = await downloadFile({
        repo: model,
        path: "model.safetensors",
        hubUrl: hubUrl(),
        xet: false,
      });
      expect(blob).not.toBeNull();
      expect(await sha256Hex(await blob!.arrayBuffer())).toBe(info.sha256);
      const config = await downloadFile({ repo: model, path: "config.json", hubUrl: hubUrl() });
      expect(await config!.text()).toContain("llama");
    });

    test("downloadFile of a missing file returns null (EntryNotFound)", async () => {
      expect(await downloadFile({ repo: model, path: "nope.txt", hubUrl: hubUrl() })).toBeNull();
    });

    test("fileDownloadInfo reads size and etag from a bytes=0-0 probe, without Xet", async () => {
      const info = stack.hub.fileInfo("model", model.name, "main", "model.safetensors");
      const result = await fileDownloadInfo({ repo: model, path: "model.safetensors", hubUrl: hubUrl() });
      expect(result?.size).toBe(info.size);
      expect(result?.etag).toContain(info.sha256);
      expect(result?.xet).toBeUndefined();
      expect(result?.url.startsWith(hubUrl())).toBe(true);
    });

    test("listFiles follows every page through the cache", async () => {
      stack.hub.resetRequests();
      const paths: string[] = [];
      for await (const entry of listFiles({ repo: model, recursive: true, hubUrl: hubUrl() })) {
        paths.push(entry.path);
      }
      expect(paths).toEqual(
        expect.arrayContaining(["config.json", "model.safetensors", "tokenizer/tokenizer.json"]),
      );
      expectAllThroughCache();
    });

    test("modelInfo, datasetInfo and spaceInfo", async () => {
      const info = await modelInfo({ name: model.name, hubUrl: hubUrl() });
      expect(info.name).toBe(model.name);
      expect((await datasetInfo({ name: "demo/tiny-dataset", hubUrl: hubUrl() })).name).toBe(
        "demo/tiny-dataset",
      );
      const space = await spaceInfo({ name: "demo/tiny-space", hubUrl: hubUrl() });
      expect(space.name).toBe("demo/tiny-space");
      expect(space.sdk).toBe("gradio");
    });

    test("repoExists (`?expand[]=likes`, no sha in the answer): cold, then warm without the Hub", async () => {
      const cold = coldModel("exists", basePath);
      stack.hub.resetRequests();
      expect(await repoExists({ repo: cold, hubUrl: hubUrl() })).toBe(true);
      // The commit was learnt from a plain info call, then the question asked at that commit.
      const { commit } = stack.hub.fileInfo("model", cold.name, "main", "config.json");
      const asked = stack.hub.requests.map((request) => request.path);
      expect(asked).toContain(`/api/models/${cold.name}`);
      expect(asked).toContain(`/api/models/${cold.name}/revision/${commit}?expand%5B%5D=likes`);
      expectAllThroughCache();

      stack.hub.resetRequests();
      expect(await repoExists({ repo: cold, hubUrl: hubUrl() })).toBe(true);
      expect(stack.hub.requests).toEqual([]);
      expect(await repoExists({ repo: { type: "model", name: "nobody/nothing" }, hubUrl: hubUrl() })).toBe(
        false,
      );
    });

    test("modelInfo (`/revision/HEAD?expand=…`): the upstream's answer as is, cold and warm", async () => {
      const cold = coldModel("info", basePath);
      const { commit } = stack.hub.fileInfo("model", cold.name, "main", "config.json");
      const query = ["pipeline_tag", "private", "gated", "downloads", "likes", "lastModified"]
        .map((field) => `expand=${field}`)
        .join("&");
      const direct = await upstreamJson(`api/models/${cold.name}/revision/${commit}?${query}`);
      expect(direct).not.toHaveProperty("sha");

      stack.hub.resetRequests();
      const info = await modelInfo({ name: cold.name, hubUrl: hubUrl() });
      expect(stack.hub.requests.map((request) => request.path)).toEqual([
        `/api/models/${cold.name}/revision/HEAD`,
        `/api/models/${cold.name}/revision/${commit}?${query}`,
      ]);
      expect(info).toMatchObject({ name: cold.name, private: false, likes: 0, downloads: 0, gated: false });
      const throughCache = await fetch(`${hubUrl()}/api/models/${cold.name}/revision/HEAD?${query}`);
      expect(throughCache.headers.get("x-repo-commit")).toBe(commit);
      // Passed on exactly: no `sha` added to an answer that has none.
      expect(await throughCache.json()).toEqual(direct);

      stack.hub.resetRequests();
      expect((await modelInfo({ name: cold.name, hubUrl: hubUrl() })).updatedAt).toEqual(info.updatedAt);
      expect(stack.hub.requests).toEqual([]);
    });

    test("concurrent cold datasetInfo calls share one resolution and one expanded answer", async () => {
      const repo = { type: "dataset" as const, name: `burst/${basePath.replaceAll("/", "-")}` };
      stack.hub.addRepo({ type: "dataset", id: repo.name, files: { "data.csv": "a\n1\n" } });
      stack.hub.resetRequests();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => datasetInfo({ name: repo.name, hubUrl: hubUrl() })),
      );
      expect(new Set(answers.map((answer) => answer.name))).toEqual(new Set([repo.name]));
      const paths = stack.hub.requests.map((request) => request.path);
      expect(paths.filter((path) => path === `/api/datasets/${repo.name}/revision/HEAD`)).toHaveLength(1);
      expect(paths.filter((path) => path.includes("?expand="))).toHaveLength(1);
    });

    test("checkRepoAccess passes for a public repo and throws the Hub's status for a missing one", async () => {
      await checkRepoAccess({ repo: model, hubUrl: hubUrl() });
      let status = 0;
      try {
        await checkRepoAccess({ repo: { type: "model", name: "nobody/nothing" }, hubUrl: hubUrl() });
      } catch (error) {
        status = error instanceof HubApiError ? error.statusCode : -1;
      }
      expect(status).toBe(401);
    });

    test("listSpaces: the listing forwarded, with the fields it expands", async () => {
      stack.hub.resetRequests();
      const spaces = [];
      for await (const space of listSpaces({ search: { owner: "demo" }, hubUrl: hubUrl() }))
        spaces.push(space);
      expect(spaces.map((space) => [space.name, space.sdk, space.private])).toEqual([
        ["demo/tiny-space", "gradio", false],
      ]);
      expect(stack.hub.countRequests((request) => request.path.startsWith("/api/spaces?"))).toBe(1);
      expectAllThroughCache();
    });

    test("listCollections is refused with a 404, never asked upstream (not a repo read)", async () => {
      stack.hub.resetRequests();
      let status = 0;
      try {
        for await (const collection of listCollections({ search: { owner: ["demo"] }, hubUrl: hubUrl() })) {
          expect(collection).toBeUndefined();
        }
      } catch (error) {
        status = error instanceof HubApiError ? error.statusCode : -1;
      }
      expect(status).toBe(404);
      expect(stack.hub.requests).toEqual([]);
    });

    test("whoAmI is answered by the cache: it names the access token, and never asks the Hub", async () => {
      stack.hub.resetRequests();
      const me = await whoAmI({ accessToken, hubUrl: hubUrl() });
      expect(me).toMatchObject({ type: "user", name: "hubjs-ci", auth: { type: "access_token" } });
      let status = 0;
      try {
        // A public distribution ignores a token it does not know, such as the user's own HF token.
        await whoAmI({ accessToken: "hf_not_a_token_of_this_cache", hubUrl: hubUrl() });
      } catch (error) {
        status = error instanceof HubApiError ? error.statusCode : -1;
      }
      expect(status).toBe(401);
      expect(stack.hub.requests).toEqual([]);
    });

    test("downloadFileToCacheDir: paths-info, then the bytes; at the commit, the cache alone answers", async () => {
      const info = stack.hub.fileInfo("model", model.name, "main", "onnx/model.onnx");
      const dirs = [
        await mkdtemp(join(tmpdir(), "hubjs-file-")),
        await mkdtemp(join(tmpdir(), "hubjs-file-")),
      ];
      try {
        stack.hub.resetRequests();
        const path = await downloadFileToCacheDir({
          repo: model,
          path: "onnx/model.onnx",
          cacheDir: dirs[0],
          hubUrl: hubUrl(),
        });
        expect(path).toContain(join("models--demo--tiny-model", "snapshots"));
        expect(await sha256Hex(await readFile(path))).toBe(info.sha256);
        expectAllThroughCache();
        // Another machine's empty cache, asking at the commit: paths-info and bytes come from the cache.
        stack.hub.resetRequests();
        const again = await downloadFileToCacheDir({
          repo: model,
          path: "onnx/model.onnx",
          revision: info.commit,
          cacheDir: dirs[1],
          hubUrl: hubUrl(),
        });
        expect(await sha256Hex(await readFile(again))).toBe(info.sha256);
        expect(stack.hub.requests).toEqual([]);
      } finally {
        for (const dir of dirs) await rm(dir, { recursive: true, force: true });
      }
    });

    const snapshots = [
      {
        repo: model,
        files: ["config.json", "model.safetensors", "tokenizer/tokenizer.json", "onnx/model.onnx"],
      },
      {
        repo: { type: "dataset" as const, name: "demo/tiny-dataset" },
        files: ["data/test.csv", "data/train-00000-of-00001.parquet"],
      },
      { repo: { type: "space" as const, name: "demo/tiny-space" }, files: ["app.py", "requirements.txt"] },
    ];
    for (const { repo, files } of snapshots) {
      test(`snapshotDownload of a ${repo.type}`, async () => {
        const dir = await snapshotDownload({ repo, cacheDir: join(cacheDir, basePath), hubUrl: hubUrl() });
        for (const file of files) {
          const expected = await stack.hub.readFile(repo.type, repo.name, "main", file);
          expect(bytesOf(await readFile(join(dir, file)))).toEqual(expected);
        }
      });
    }

    test("a second snapshot of the same repo never touches the Hub at the same commit", async () => {
      const info = stack.hub.fileInfo("model", model.name, "main", "config.json");
      const otherCache = await mkdtemp(join(tmpdir(), "hubjs-cache-"));
      try {
        stack.hub.resetRequests();
        await snapshotDownload({
          repo: model,
          cacheDir: otherCache,
          hubUrl: hubUrl(),
          revision: info.commit,
        });
        expect(stack.hub.requests.length).toBe(0);
      } finally {
        await rm(otherCache, { recursive: true, force: true });
      }
    });
  });
}
