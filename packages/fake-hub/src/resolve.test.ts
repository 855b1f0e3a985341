import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeHub, type FakeHub } from "./index.ts";
import { bytes, get, sha256Hex, text } from "./test-utils.ts";

let hub: FakeHub;
let main: string;

beforeAll(async () => {
  hub = await startFakeHub({ cdnUrlTtlSeconds: 600 });
  main = hub.addRepo({
    id: "org/model",
    files: {
      "config.json": '{"a":1}',
      "dir/sub file.txt": "spaces in path",
      "model.safetensors": { size: 3 * 1024 * 1024 + 17, seed: 5 },
    },
    tags: ["v1"],
  }).commit;
  hub.addRepo({ id: "gpt2", files: { "config.json": '{"gpt":2}' } });
  hub.addRepo({ type: "dataset", id: "org/data", files: { "train.parquet": { size: 1000 } } });
});
afterAll(() => hub.close());

describe("resolve", () => {
  it("redirects a regular file with a relative 307 to resolve-cache", async () => {
    for (const method of ["HEAD", "GET"]) {
      const res = await get(`${hub.url}/org/model/resolve/main/config.json`, { method });
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toBe(`/api/resolve-cache/models/org/model/${main}/config.json`);
      expect(res.headers.get("x-repo-commit")).toBe(main);
      expect(res.headers.get("etag")).toBe(
        `"${hub.fileInfo("model", "org/model", "main", "config.json").sha1}"`,
      );
      expect(res.headers.get("content-length")).toBe("0");
      expect(res.headers.get("x-linked-size")).toBeNull();
      expect(res.headers.get("x-linked-etag")).toBeNull();
    }
  });

  it("serves resolve-cache bytes with ranges, 416 and HEAD", async () => {
    const location = (await get(`${hub.url}/org/model/resolve/main/dir/sub%20file.txt`)).headers.get(
      "location",
    );
    expect(location).toBe(`/api/resolve-cache/models/org/model/${main}/dir/sub%20file.txt`);
    const full = await get(`${hub.url}${location}`);
    expect(full.status).toBe(200);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    expect(full.headers.get("content-type")).toBe("application/octet-stream");
    expect(full.headers.get("x-repo-commit")).toBe(main);
    expect(full.headers.get("content-length")).toBe("14");
    expect(text(await bytes(full))).toBe("spaces in path");
    const cases: Array<[string, number, string | null, string]> = [
      ["bytes=0-5", 206, "bytes 0-5/14", "spaces"],
      ["bytes=7-", 206, "bytes 7-13/14", "in path"],
      ["bytes=-4", 206, "bytes 10-13/14", "path"],
      ["bytes=10-999", 206, "bytes 10-13/14", "path"],
      ["bytes=14-20", 416, "bytes */14", ""],
    ];
    for (const [range, status, contentRange, body] of cases) {
      const res = await get(`${hub.url}${location}`, { headers: { Range: range } });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-range")).toBe(contentRange);
      expect(text(await bytes(res))).toBe(body);
    }
    const head = await get(`${hub.url}${location}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("14");
  });

  it("redirects an LFS file with an absolute signed 302 and Xet hints", async () => {
    const info = hub.fileInfo("model", "org/model", "main", "model.safetensors");
    expect(info.lfs).toBe(true);
    const res = await get(`${hub.url}/org/model/resolve/main/model.safetensors`, { method: "HEAD" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(
      new RegExp(
        `^${hub.url}/cdn-lfs/${info.sha256}\\?expires=\\d+&sig=[0-9a-f]{64}&filename=model\\.safetensors$`,
      ),
    );
    expect(res.headers.get("x-linked-etag")).toBe(`"${info.sha256}"`);
    expect(res.headers.get("etag")).toBe(`"${info.sha256}"`);
    expect(res.headers.get("x-linked-size")).toBe(String(info.size));
    expect(res.headers.get("x-repo-commit")).toBe(main);
    expect(res.headers.get("x-xet-hash")).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get("x-xet-refresh-route")).toBe(`/api/models/org/model/xet-read-token/${main}`);
    expect(res.headers.get("link")).toContain('rel="xet-auth"');
    expect(res.headers.get("link")).toContain('rel="xet-reconstruction-info"');

    const body = await get(location, { headers: { Authorization: "Bearer whatever" } });
    expect(body.status).toBe(200);
    expect(body.headers.get("etag")).toBe(`"${info.sha256}"`);
    expect(sha256Hex(await bytes(body))).toBe(info.sha256);
    const whole = await hub.readFile("model", "org/model", "main", "model.safetensors");
    const across = await get(location, { headers: { Range: "bytes=1000-2200000" } });
    expect(across.status).toBe(206);
    expect(Buffer.from(await bytes(across)).equals(whole.subarray(1000, 2200001))).toBe(true);
    const range = await get(location, { headers: { Range: "bytes=0-0" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe(`bytes 0-0/${info.size}`);
    expect((await bytes(range)).byteLength).toBe(1);
  });

  it("refuses bad and expired CDN signatures", async () => {
    const info = hub.fileInfo("model", "org/model", "main", "model.safetensors");
    const bad = await get(`${hub.url}/cdn-lfs/${info.sha256}?expires=9999999999&sig=${"0".repeat(64)}`);
    expect(bad.status).toBe(403);
    const expiring = await startFakeHub({ cdnUrlTtlSeconds: -5 });
    try {
      expiring.addRepo({ id: "a/b", files: { "w.bin": "weights" } });
      const location = (await get(`${expiring.url}/a/b/resolve/main/w.bin`)).headers.get("location") ?? "";
      expect((await get(location)).status).toBe(403);
    } finally {
      await expiring.close();
    }
  });

  it("answers the Xet file-info Accept with its own content type", async () => {
    const res = await get(`${hub.url}/org/model/resolve/main/model.safetensors`, {
      headers: { Accept: "application/vnd.xet-fileinfo+json" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.xet-fileinfo+json");
    const body = (await res.json()) as { hash: string; refreshRoute: string };
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.refreshRoute).toBe(`/api/models/org/model/xet-read-token/${main}`);
  });

  it("resolves tags, HEAD, commit shas, encoded refs/pr/N, datasets and single-segment repos", async () => {
    hub.createRef("model", "org/model", "refs/pr/1", "main");
    for (const rev of ["v1", "HEAD", main, "refs%2Fpr%2F1", "refs%2Fheads%2Fmain"]) {
      const res = await get(`${hub.url}/org/model/resolve/${rev}/config.json`, { method: "HEAD" });
      expect(res.status, rev).toBe(307);
      expect(res.headers.get("x-repo-commit")).toBe(main);
    }
    const gpt2 = await get(`${hub.url}/gpt2/resolve/main/config.json`);
    expect(gpt2.status).toBe(307);
    const followed = await get(`${hub.url}${gpt2.headers.get("location")}`);
    expect(text(await bytes(followed))).toBe('{"gpt":2}');
    const dataset = await get(`${hub.url}/datasets/org/data/resolve/main/train.parquet`);
    expect(dataset.status).toBe(302);
    expect(dataset.headers.get("x-linked-size")).toBe("1000");
  });

  it("moves a branch on commit and keeps the old commit reachable", async () => {
    hub.addRepo({ id: "org/moving", files: { "a.txt": "one" } });
    const first = hub.fileInfo("model", "org/moving", "main", "a.txt").commit;
    const { commit: second } = hub.commit("model", "org/moving", "main", { "a.txt": "two", "b.txt": "new" });
    expect(second).not.toBe(first);
    const now = await get(`${hub.url}/org/moving/resolve/main/a.txt`);
    expect(now.headers.get("x-repo-commit")).toBe(second);
    const old = await get(`${hub.url}/org/moving/resolve/${first}/a.txt`);
    expect(old.headers.get("x-repo-commit")).toBe(first);
    expect(text(await bytes(await get(`${hub.url}${old.headers.get("location")}`)))).toBe("one");
    expect((await get(`${hub.url}/org/moving/resolve/${first}/b.txt`)).status).toBe(404);
    expect(text(await hub.readFile("model", "org/moving", "main", "b.txt"))).toBe("new");
  });

  it("answers Hub errors with X-Error-Code", async () => {
    const cases: Array<[string, number, string]> = [
      ["/org/missing/resolve/main/config.json", 401, "RepoNotFound"],
      ["/org/model/resolve/nope/config.json", 404, "RevisionNotFound"],
      ["/org/model/resolve/main/missing.json", 404, "EntryNotFound"],
      ["/api/resolve-cache/models/org/model/main/missing.json", 404, "EntryNotFound"],
    ];
    for (const [path, status, code] of cases) {
      const res = await get(`${hub.url}${path}`);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("x-error-code")).toBe(code);
      expect(res.headers.get("x-error-message")).toBeTruthy();
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    const missing = await get(`${hub.url}/org/model/resolve/main/missing.json`);
    expect(missing.headers.get("x-repo-commit")).toBe(main);
    const unknown = await get(`${hub.url}/something/else`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-error-code")).toBeNull();
    expect(await unknown.json()).toEqual({ error: "Not found" });
  });
});
