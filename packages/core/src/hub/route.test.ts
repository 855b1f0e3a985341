import { describe, expect, it } from "vitest";
import { parseHubRoute } from "./route.ts";
import { AppError } from "../errors.ts";

function expectStatus(rawPath: string, status: number): void {
  try {
    parseHubRoute(rawPath);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(status);
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
    expect(parseHubRoute("api/models")).toEqual({ kind: "forward", rawPath: "api/models", repo: null });
    expect(parseHubRoute("api/models/org/model/discussions")).toEqual({
      kind: "forward",
      rawPath: "api/models/org/model/discussions",
      repo: { type: "model", id: "org/model" },
    });
    expectStatus("api/%2e%2e/admin", 400);
  });

  it("forwards the repo listings but no other Hub-wide call", () => {
    expect(parseHubRoute("api/datasets/")).toMatchObject({ kind: "forward", repo: null });
    expectStatus("api/repos/create", 404);
    expectStatus("api/settings/tokens", 404);
    expectStatus("api/collections", 404);
    expectStatus("api", 404);
  });
});

describe("parseHubRoute: one validation for every route", () => {
  const routes = (segment: string) => [
    `org/model/resolve/main/${segment}`,
    `org/model/resolve/${segment}/file.txt`,
    `api/models/org/model/tree/main/${segment}`,
    `api/models/org/model/revision/${segment}`,
    `api/models/org/model/commits/${segment}`,
    `api/${segment}/x`,
  ];

  it("refuses DEL and C1 control characters, raw or encoded", () => {
    for (const segment of [
      "a%7Fb",
      "a\u007fb",
      "a%C2%80b",
      "a%C2%85b",
      "a%C2%9Fb",
      "a\u0085b",
      "a%0Ab",
      "a%09b",
    ]) {
      for (const path of routes(segment)) expectStatus(path, 400);
    }
  });

  it("refuses encoded traversal and NUL on forwarded API paths too", () => {
    for (const segment of [
      "..%2f",
      "..%2F",
      "%2e%2e%2f",
      "%2E%2E",
      ".%2e",
      "%2e",
      "a%2F..%2Fb",
      "%00",
      "a%00b",
      "..%5c",
    ]) {
      for (const path of routes(segment)) expectStatus(path, 400);
    }
    expectStatus("api/models/org/model/commits/main/..%2f..%2fwhoami-v2", 400);
    expectStatus("api/models/..%2f..%2fadmin", 400);
  });

  it("refuses double encoding, empty segments and empty parts between encoded slashes", () => {
    for (const segment of ["%252e%252e%252f", "%25%32%65", "a%2F%2Fb", "%2Fa", "a%2F"]) {
      for (const path of routes(segment)) expectStatus(path, 400);
    }
    expectStatus("api//models/org/model", 400);
    expectStatus("api/models//org/model/commits/main", 400);
  });

  it("still takes what clients send", () => {
    expect(parseHubRoute("api/models/org/model/tree/main/")).toMatchObject({ kind: "tree", path: "" });
    expect(parseHubRoute("org/model/resolve/main/d%C3%A9j%C3%A0%20vu%2B.txt")).toMatchObject({
      path: "déjà vu+.txt",
    });
    expect(parseHubRoute("api/models/org/model/commits/refs%2Fpr%2F1")).toMatchObject({
      kind: "commits",
      revision: "refs/pr/1",
    });
  });
});

describe("parseHubRoute: round 2 (what more clients send)", () => {
  it("takes a nested tree folder as one encoded segment (HfFileSystem) and as several (hub.js)", () => {
    const expected = { kind: "tree", revision: "main", path: "data/nested/deeper" };
    expect(parseHubRoute("api/datasets/org/data/tree/main/data%2Fnested%2Fdeeper")).toMatchObject(expected);
    expect(parseHubRoute("api/datasets/org/data/tree/main/data%2fnested/deeper")).toMatchObject(expected);
    expect(parseHubRoute("api/datasets/org/data/tree/main/data/nested/deeper")).toMatchObject(expected);
    expect(parseHubRoute("api/models/org/m/tree/main/my%20folder%2Fd%C3%A9j%C3%A0")).toMatchObject({
      path: "my folder/déjà",
    });
  });

  it("still refuses traversal hidden in an encoded tree folder", () => {
    for (const segment of [
      "data%2F..%2F..%2Fx",
      "..%2Fdata",
      "data%2F.",
      "data%2F%2Fx",
      "%2Fdata",
      "data%2F",
    ]) {
      expectStatus(`api/datasets/org/data/tree/main/${segment}`, 400);
    }
  });

  it("keeps refusing an encoded slash in a file path", () => {
    expectStatus("org/model/resolve/main/data%2Ftest.csv", 400);
    expectStatus("org/model/raw/main/data%2Ftest.csv", 400);
  });

  it("parses raw/ like resolve/", () => {
    expect(parseHubRoute("org/model/raw/main/model.safetensors")).toEqual({
      kind: "raw",
      repo: { type: "model", id: "org/model" },
      revision: "main",
      path: "model.safetensors",
    });
    expect(parseHubRoute("datasets/org/data/raw/refs%2Fconvert%2Fparquet/a/b.parquet")).toMatchObject({
      kind: "raw",
      repo: { type: "dataset", id: "org/data" },
      revision: "refs/convert/parquet",
      path: "a/b.parquet",
    });
    expect(parseHubRoute("gpt2/raw/main/config.json")).toMatchObject({ repo: { id: "gpt2" } });
  });

  it("takes refs/pr/N and refs/convert/NAME unencoded in every revision position", () => {
    expect(parseHubRoute("api/models/org/m/tree/refs/pr/12/sub")).toMatchObject({
      kind: "tree",
      revision: "refs/pr/12",
      path: "sub",
    });
    expect(parseHubRoute("api/models/org/m/commits/refs/pr/3")).toMatchObject({
      kind: "commits",
      revision: "refs/pr/3",
    });
    expect(parseHubRoute("api/datasets/org/d/revision/refs/convert/parquet")).toMatchObject({
      kind: "info",
      revision: "refs/convert/parquet",
    });
    expect(parseHubRoute("org/m/resolve/refs/pr/1/config.json")).toMatchObject({
      revision: "refs/pr/1",
      path: "config.json",
    });
    expect(parseHubRoute("api/models/org/m/paths-info/refs/pr/1")).toMatchObject({
      kind: "pathsInfo",
      revision: "refs/pr/1",
    });
    // Any other `refs/...` is a branch named `refs` and a path.
    expect(parseHubRoute("api/models/org/m/tree/refs/heads/x")).toMatchObject({
      revision: "refs",
      path: "heads/x",
    });
  });

  it("asks for a revision where one is due", () => {
    expectStatus("api/models/org/m/tree/", 400);
    expectStatus("api/models/org/m/commits", 400);
  });
});
