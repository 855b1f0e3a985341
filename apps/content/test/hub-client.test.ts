import {
  datasetInfo,
  downloadFile,
  fileDownloadInfo,
  listFiles,
  modelInfo,
  snapshotDownload,
  spaceInfo,
} from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesOf, sha256Hex, startStack, type Stack } from "./harness.ts";

// The real @huggingface/hub client, pointed at a distribution as HF_ENDPOINT would point it.
let stack: Stack;
let cacheDir: string;

beforeAll(async () => {
  stack = await startStack({ hub: { pageSize: 2 } });
  cacheDir = await mkdtemp(join(tmpdir(), "hubjs-cache-"));
});
afterAll(async () => {
  await stack.stop();
  await rm(cacheDir, { recursive: true, force: true });
});

const model = { type: "model" as const, name: "demo/tiny-model" };

describe("@huggingface/hub through the cache", () => {
  test("downloadFile returns the exact bytes of an LFS file and of a regular file", async () => {
    const info = stack.hub.fileInfo("model", model.name, "main", "model.safetensors");
    const blob = await downloadFile({
      repo: model,
      path: "model.safetensors",
      hubUrl: stack.endpoint,
      xet: false,
    });
    expect(blob).not.toBeNull();
    expect(await sha256Hex(await blob!.arrayBuffer())).toBe(info.sha256);
    const config = await downloadFile({ repo: model, path: "config.json", hubUrl: stack.endpoint });
    expect(await config!.text()).toContain("llama");
  });

  test("downloadFile of a missing file returns null (EntryNotFound)", async () => {
    expect(await downloadFile({ repo: model, path: "nope.txt", hubUrl: stack.endpoint })).toBeNull();
  });

  test("fileDownloadInfo reads size and etag from a bytes=0-0 probe, without Xet", async () => {
    const info = stack.hub.fileInfo("model", model.name, "main", "model.safetensors");
    const result = await fileDownloadInfo({ repo: model, path: "model.safetensors", hubUrl: stack.endpoint });
    expect(result?.size).toBe(info.size);
    expect(result?.etag).toContain(info.sha256);
    expect(result?.xet).toBeUndefined();
  });

  test("listFiles follows every page through the cache", async () => {
    stack.hub.resetRequests();
    const paths: string[] = [];
    for await (const entry of listFiles({ repo: model, recursive: true, hubUrl: stack.endpoint })) {
      paths.push(entry.path);
    }
    expect(paths).toEqual(
      expect.arrayContaining(["config.json", "model.safetensors", "tokenizer/tokenizer.json"]),
    );
    // Every page went through us: the upstream was asked with the server's token only, never directly.
    expect(stack.hub.requests.every((r) => String(r.headers["user-agent"]).startsWith("hubcache"))).toBe(
      true,
    );
  });

  test("modelInfo, datasetInfo and spaceInfo", async () => {
    const info = await modelInfo({ name: model.name, hubUrl: stack.endpoint });
    expect(info.name).toBe(model.name);
    expect((await datasetInfo({ name: "demo/tiny-dataset", hubUrl: stack.endpoint })).name).toBe(
      "demo/tiny-dataset",
    );
    expect((await spaceInfo({ name: "demo/tiny-space", hubUrl: stack.endpoint })).name).toBe(
      "demo/tiny-space",
    );
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
      const dir = await snapshotDownload({ repo, cacheDir, hubUrl: stack.endpoint });
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
        hubUrl: stack.endpoint,
        revision: info.commit,
      });
      expect(stack.hub.requests.length).toBe(0);
    } finally {
      await rm(otherCache, { recursive: true, force: true });
    }
  });
});
