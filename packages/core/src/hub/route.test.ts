import { describe, expect, it } from "vitest";
import { HubError } from "./errors.ts";
import { parseHubRoute } from "./route.ts";

function expectStatus(rawPath: string, status: number): void {
  try {
    parseHubRoute(rawPath);
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).status).toBe(status);
    return;
  }
  throw new Error(`expected ${rawPath} to be rejected with ${status}`);
}

describe("parseHubRoute: resolve", () => {
  it("parses org/name and canonical single-segment model ids", () => {
    expect(parseHubRoute("org/model/resolve/main/config.json")).toEqual({
      kind: "resolve",
      repo: { type: "model", id: "org/model" },
      revision: "main",
      path: "config.json",
    });
    expect(parseHubRoute("gpt2/resolve/main/onnx/model.onnx")).toMatchObject({
      repo: { type: "model", id: "gpt2" },
      path: "onnx/model.onnx",
    });
  });

  it("parses datasets and spaces prefixes", () => {
    expect(parseHubRoute("datasets/org/data/resolve/v1.0/train/0.parquet")).toMatchObject({
      repo: { type: "dataset", id: "org/data" },
      revision: "v1.0",
      path: "train/0.parquet",
    });
    expect(parseHubRoute("spaces/org/app/resolve/main/app.py")).toMatchObject({
      repo: { type: "space", id: "org/app" },
    });
  });

  it("decodes an encoded revision once and never splits it", () => {
    expect(parseHubRoute("org/model/resolve/refs%2Fpr%2F1/a%20b.txt")).toMatchObject({
      revision: "refs/pr/1",
      path: "a b.txt",
    });
  });

  it("rejects traversal, encoded or not, with a 400", () => {
    expectStatus("org/model/resolve/main/../../etc/passwd", 400);
    expectStatus("org/model/resolve/main/%2e%2e/%2e%2e/etc/passwd", 400);
    expectStatus("org/model/resolve/main/a%2F..%2F..%2Fb", 400);
    expectStatus("org/model/resolve/..%2F..%2Fmain/file", 400);
    expectStatus("org/..%2F../resolve/main/file", 400);
    expectStatus("org/model/resolve/main/a//b", 400);
    expectStatus("org/model/resolve/main/a%00b", 400);
  });

  it("rejects absurd lengths and bad encodings", () => {
    expectStatus(`org/model/resolve/main/${"a".repeat(3000)}`, 414);
    expectStatus(`org/${"m".repeat(200)}/resolve/main/file`, 400);
    expectStatus("org/model/resolve/main/%E0%A4%A", 400);
    expectStatus("org/model/resolve/main", 400);
  });

  it("answers 404 for paths that are not Hub routes", () => {
    expectStatus("org/model/blob/main/file", 404);
    expectStatus("", 404);
  });
});

describe("parseHubRoute: api", () => {
  it("parses info with and without revision", () => {
    expect(parseHubRoute("api/models/org/model")).toEqual({
      kind: "info",
      repo: { type: "model", id: "org/model" },
      revision: null,
    });
    expect(parseHubRoute("api/models/gpt2")).toEqual({
      kind: "info",
      repo: { type: "model", id: "gpt2" },
      revision: null,
    });
    expect(parseHubRoute("api/datasets/org/data/revision/refs%2Fconvert%2Fparquet")).toEqual({
      kind: "info",
      repo: { type: "dataset", id: "org/data" },
      revision: "refs/convert/parquet",
    });
    expect(parseHubRoute("api/models/gpt2/revision/HEAD")).toMatchObject({
      repo: { id: "gpt2" },
      revision: "HEAD",
    });
  });

  it("parses tree with and without a path, paths-info, refs and whoami", () => {
    expect(parseHubRoute("api/spaces/org/app/tree/main")).toEqual({
      kind: "tree",
      repo: { type: "space", id: "org/app" },
      revision: "main",
      path: "",
    });
    expect(parseHubRoute("api/models/org/model/tree/main/sub/dir")).toMatchObject({
      kind: "tree",
      path: "sub/dir",
    });
    expect(parseHubRoute("api/models/org/model/paths-info/main")).toMatchObject({
      kind: "pathsInfo",
      revision: "main",
    });
    expect(parseHubRoute("api/models/org/model/refs")).toMatchObject({ kind: "refs" });
    expect(parseHubRoute("api/whoami-v2")).toEqual({ kind: "whoami" });
    expect(parseHubRoute("api/models/org/model/xet-read-token/main")).toEqual({ kind: "xetToken" });
  });

  it("forwards other api calls and rejects traversal in them", () => {
    expect(parseHubRoute("api/models")).toEqual({ kind: "forward", rawPath: "api/models" });
    expect(parseHubRoute("api/models/org/model/commits/main")).toEqual({
      kind: "forward",
      rawPath: "api/models/org/model/commits/main",
    });
    expectStatus("api/%2e%2e/admin", 400);
  });
});
