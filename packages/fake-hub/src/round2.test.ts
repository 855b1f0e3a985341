import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lfsPointer } from "./content.ts";
import { startFakeHub, type FakeHub } from "./index.ts";
import { get, sha256Hex } from "./test-utils.ts";

// What more clients use (the Hub contract, round 2): raw/, commits with counts, listings across pages,
// nested folders as one encoded segment, unencoded PR refs, every boolean spelling, Content-Disposition.

let hub: FakeHub;
let first: string;
let second: string;

beforeAll(async () => {
  hub = await startFakeHub({ pageSize: 2 });
  first = hub.addRepo({
    id: "org/model",
    files: { "config.json": "{}", "model.safetensors": { size: 4096, seed: 1 }, "docs/déjà vu.txt": "hi" },
  }).commit;
  second = hub.commit("model", "org/model", "main", {
    "config.json": '{"v":2}',
    "model.safetensors": { size: 4096, seed: 1 },
    "docs/déjà vu.txt": "hi",
  }).commit;
  hub.commit("model", "org/model", "pr-1", { "config.json": '{"pr":1}' });
  hub.createRef("model", "org/model", "refs/pr/1", "pr-1");
  hub.addRepo({
    type: "dataset",
    id: "org/data",
    files: { "data/nested/deeper/a.csv": "a", "data/nested/b.csv": "b", "README.md": "#" },
  });
  hub.createRef("dataset", "org/data", "refs/convert/parquet", "main");
  for (const name of ["a", "b", "c", "d", "e"])
    hub.addRepo({ id: `lister/${name}`, files: { "x.txt": name } });
  hub.addRepo({ id: "lister/hidden", private: true, files: { "x.txt": "secret" } });
});
afterAll(() => hub.close());

describe("raw/", () => {
  it("serves a regular file's bytes and an LFS file's pointer, never a redirect", async () => {
    const config = await get(`${hub.url}/org/model/raw/main/config.json`);
    expect(config.status).toBe(200);
    expect(await config.text()).toBe('{"v":2}');
    expect(config.headers.get("x-repo-commit")).toBe(second);
    const info = hub.fileInfo("model", "org/model", "main", "model.safetensors");
    const pointer = await get(`${hub.url}/org/model/raw/main/model.safetensors`);
    expect(pointer.status).toBe(200);
    expect(await pointer.text()).toBe(lfsPointer(info.sha256, info.size));
    expect(pointer.headers.get("etag")).toBe(`"${info.sha1}"`);
    const head = await get(`${hub.url}/org/model/raw/main/model.safetensors`, { method: "HEAD" });
    expect(head.status).toBe(200);
    const missing = await get(`${hub.url}/org/model/raw/main/nope.bin`, { method: "HEAD" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
  });
});

describe("commits", () => {
  it("pages the history with Link and counts it in X-Total-Count", async () => {
    const page0 = await get(`${hub.url}/api/models/org/model/commits/main?limit=1`);
    expect(page0.headers.get("x-total-count")).toBe("2");
    expect(((await page0.json()) as Array<{ id: string }>).map((c) => c.id)).toEqual([second]);
    const next = /<([^>]+)>;\s*rel="next"/.exec(page0.headers.get("link") ?? "")?.[1] ?? "";
    expect(next).toContain("p=1");
    const page1 = await get(next);
    expect(((await page1.json()) as Array<{ id: string }>).map((c) => c.id)).toEqual([first]);
    expect(page1.headers.get("link")).toBeNull();
  });

  it("without a limit, pages by the stand-in's page size, linked by p=", async () => {
    const commits = [hub.addRepo({ id: "org/history", files: { "a.txt": "0" } }).commit];
    for (const n of [1, 2])
      commits.unshift(hub.commit("model", "org/history", "main", { "a.txt": `${n}` }).commit);
    const ids: string[] = [];
    const links: string[] = [];
    for (let url: string | undefined = `${hub.url}/api/models/org/history/commits/main`; url;) {
      const response = await get(url);
      ids.push(...((await response.json()) as Array<{ id: string }>).map((c) => c.id));
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
      if (url) links.push(url);
    }
    expect(ids).toEqual(commits);
    expect(links).toHaveLength(1);
    expect(links[0]).toContain("p=1");
  });

  it("takes a PR ref encoded or not", async () => {
    for (const rev of ["refs%2Fpr%2F1", "refs/pr/1"]) {
      const response = await get(`${hub.url}/api/models/org/model/commits/${rev}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-total-count")).toBe("1");
    }
  });
});

describe("tree and paths-info", () => {
  it("takes a nested folder as one encoded segment and as several", async () => {
    for (const path of ["data%2Fnested", "data/nested"]) {
      const response = await get(
        `${hub.url}/api/datasets/org/data/tree/main/${path}?recursive=False&expand=False`,
      );
      expect(response.status).toBe(200);
      const entries = (await response.json()) as Array<{ path: string }>;
      expect(entries.map((e) => e.path)).toEqual(["data/nested/b.csv", "data/nested/deeper"]);
    }
  });

  it("expands with every boolean spelling: lastCommit and securityFileStatus", async () => {
    for (const spelling of ["True", "true", "1"]) {
      const tree = await get(`${hub.url}/api/models/org/model/tree/main?expand=${spelling}`);
      const entries = (await tree.json()) as Array<{
        type: string;
        lastCommit?: object;
        securityFileStatus?: object;
      }>;
      const file = entries.find((e) => e.type === "file");
      expect(file?.lastCommit).toBeDefined();
      expect(file?.securityFileStatus).toBeDefined();
      const info = await get(`${hub.url}/api/models/org/model/paths-info/main`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `paths=config.json&expand=${spelling}`,
      });
      const [entry] = (await info.json()) as Array<{ lastCommit?: object; securityFileStatus?: object }>;
      expect(entry?.lastCommit).toBeDefined();
      expect(entry?.securityFileStatus).toBeDefined();
    }
  });

  it("lists a PR's tree with the ref unencoded", async () => {
    const response = await get(`${hub.url}/api/models/org/model/tree/refs/pr/1`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Array<{ path: string }>).map((e) => e.path)).toEqual(["config.json"]);
  });
});

describe("refs", () => {
  it("lists conversions and, on request, pull requests", async () => {
    const data = (await (await get(`${hub.url}/api/datasets/org/data/refs`)).json()) as {
      converts: Array<{ ref: string }>;
    };
    expect(data.converts.map((c) => c.ref)).toEqual(["refs/convert/parquet"]);
    const model = (await (await get(`${hub.url}/api/models/org/model/refs?include_prs=1`)).json()) as {
      pullRequests: Array<{ ref: string }>;
    };
    expect(model.pullRequests.map((c) => c.ref)).toEqual(["refs/pr/1"]);
    const file = await get(`${hub.url}/datasets/org/data/resolve/refs%2Fconvert%2Fparquet/README.md`);
    expect(file.status).toBe(307);
  });
});

describe("listings", () => {
  it("filters by author and links the pages by cursor, hiding private repos", async () => {
    const ids: string[] = [];
    let pages = 0;
    for (let url: string | undefined = `${hub.url}/api/models?author=lister&limit=500`; url; pages++) {
      const response = await get(url);
      ids.push(...((await response.json()) as Array<{ id: string }>).map((r) => r.id));
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    }
    expect(ids).toEqual(["lister/a", "lister/b", "lister/c", "lister/d", "lister/e"]);
    expect(pages).toBe(3);
    const search = await (await get(`${hub.url}/api/models?search=ER%2FC&full=True`)).json();
    expect(search).toMatchObject([{ id: "lister/c", siblings: [{ rfilename: "x.txt" }] }]);
  });

  it("with an expand list answers only _id, id and the fields listed", async () => {
    const items = (await (
      await get(`${hub.url}/api/models?author=lister&expand=likes&expand=private`)
    ).json()) as object[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(["_id", "id", "likes", "private"]);
  });
});

describe("repo info", () => {
  it("with an expand list answers only _id, id and the fields listed, in either spelling", async () => {
    const likes = await (await get(`${hub.url}/api/models/org/model?expand[]=likes`)).json();
    expect(Object.keys(likes).sort()).toEqual(["_id", "id", "likes"]);
    const fields = await get(
      `${hub.url}/api/models/org/model/revision/HEAD?expand=private&expand=lastModified`,
    );
    expect(Object.keys(await fields.json()).sort()).toEqual(["_id", "id", "lastModified", "private"]);
    expect(fields.headers.get("x-repo-commit")).toBe(second);
    const withSha = await (await get(`${hub.url}/api/models/org/model?expand=sha&expand=likes`)).json();
    expect(withSha).toMatchObject({ id: "org/model", sha: second });
    const plain = await (await get(`${hub.url}/api/models/org/model`)).json();
    expect(plain).toMatchObject({ sha: second, siblings: expect.any(Array) });
    expect(plain.securityRepoStatus).toBeUndefined();
  });

  it("adds the repo's scan summary on securityStatus", async () => {
    for (const spelling of ["True", "true"]) {
      const info = await (await get(`${hub.url}/api/models/org/model?securityStatus=${spelling}`)).json();
      expect(info.securityRepoStatus).toEqual({ scansDone: true, filesWithIssues: [] });
      expect(info.sha).toBe(second);
    }
  });
});

describe("commits, formatted", () => {
  it("adds the HTML title and message on expand[]=formatted only", async () => {
    const plain = (await (await get(`${hub.url}/api/models/org/model/commits/main`)).json()) as Array<{
      formatted?: unknown;
    }>;
    expect(plain.every((commit) => commit.formatted === undefined)).toBe(true);
    const formatted = (await (
      await get(`${hub.url}/api/models/org/model/commits/main?expand%5B%5D=formatted`)
    ).json()) as Array<{ title: string; message: string; formatted?: { title: string; message: string } }>;
    expect(formatted).toHaveLength(2);
    for (const commit of formatted) {
      expect(commit.formatted?.title).toContain(commit.title);
      expect(commit.formatted?.message).toContain(commit.title);
    }
  });
});

describe("CORS", () => {
  it("lets browsers read the commit count and the request id", async () => {
    const response = await get(`${hub.url}/api/models/org/model/commits/main`);
    const exposed = (response.headers.get("access-control-expose-headers") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(["x-total-count", "x-request-id", "x-repo-commit"]));
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("Content-Disposition", () => {
  it("names files by their own name, on the resolve-cache and CDN answers", async () => {
    const regular = await fetch(`${hub.url}/org/model/resolve/main/docs/d%C3%A9j%C3%A0%20vu.txt`);
    expect(regular.headers.get("content-disposition")).toBe(
      `inline; filename*=UTF-8''d%C3%A9j%C3%A0%20vu.txt; filename="d_j_ vu.txt";`,
    );
    const lfs = await fetch(`${hub.url}/org/model/resolve/main/model.safetensors`);
    expect(lfs.headers.get("content-disposition")).toContain("filename*=UTF-8''model.safetensors");
    expect(sha256Hex(new Uint8Array(await lfs.arrayBuffer()))).toBe(
      hub.fileInfo("model", "org/model", "main", "model.safetensors").sha256,
    );
  });
});
