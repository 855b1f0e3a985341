import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeHub, type FakeHub } from "./index.ts";
import { get } from "./test-utils.ts";

interface TreeEntry {
  type: "file" | "directory";
  oid: string;
  path: string;
  size?: number;
  lfs?: { oid: string; size: number; pointerSize: number };
  xetHash?: string;
  lastCommit?: { id: string };
}

let hub: FakeHub;
let commit: string;
const files: Record<string, string | { size: number }> = { "README.md": "# hi", "model.bin": { size: 2048 } };
for (let i = 0; i < 7; i++) files[`shards/part-${i}.txt`] = `part ${i}`;
files["shards/nested/deep.txt"] = "deep";

beforeAll(async () => {
  hub = await startFakeHub({ pageSize: 4 });
  commit = hub.addRepo({ id: "org/listing", files }).commit;
  hub.addRepo({ type: "space", id: "org/space", files: { "app.py": "print(1)" } });
});
afterAll(() => hub.close());

const treeUrl = (suffix: string): string => `${hub.url}/api/models/org/listing/tree/${suffix}`;

async function allPages(url: string): Promise<{ entries: TreeEntry[]; links: string[] }> {
  const entries: TreeEntry[] = [];
  const links: string[] = [];
  for (let next: string | undefined = url; next;) {
    const res = await get(next);
    expect(res.status).toBe(200);
    entries.push(...((await res.json()) as TreeEntry[]));
    const link = res.headers.get("link");
    next = link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
    if (next) links.push(next);
  }
  return { entries, links };
}

describe("api", () => {
  it("describes a repo like the Hub, with blobs on request", async () => {
    for (const path of ["/api/models/org/listing", "/api/models/org/listing/revision/HEAD"]) {
      const res = await get(`${hub.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-repo-commit")).toBe(commit);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ id: "org/listing", modelId: "org/listing", author: "org", sha: commit });
      expect(body).toMatchObject({
        private: false,
        gated: false,
        disabled: false,
        tags: [],
        xetEnabled: true,
      });
      expect(body.siblings).toContainEqual({ rfilename: "shards/nested/deep.txt" });
    }
    const blobs = (await (await get(`${hub.url}/api/models/org/listing?blobs=true`)).json()) as {
      siblings: Array<{ rfilename: string; size: number; blobId: string; lfs?: { sha256: string } }>;
    };
    const bin = blobs.siblings.find((s) => s.rfilename === "model.bin");
    const info = hub.fileInfo("model", "org/listing", "main", "model.bin");
    expect(bin).toMatchObject({ size: 2048, blobId: info.sha1, lfs: { sha256: info.sha256, size: 2048 } });
    const space = (await (await get(`${hub.url}/api/spaces/org/space`)).json()) as Record<string, unknown>;
    expect(space.modelId).toBeUndefined();
    expect((await get(`${hub.url}/api/models/org/listing/revision/nope`)).headers.get("x-error-code")).toBe(
      "RevisionNotFound",
    );
  });

  it("lists direct children only unless recursive", async () => {
    const { entries } = await allPages(treeUrl("main"));
    expect(entries.map((e) => e.path)).toEqual(["README.md", "model.bin", "shards"]);
    const shards = await allPages(treeUrl("main/shards"));
    expect(shards.entries.map((e) => e.path)).toContain("shards/nested");
    expect(shards.entries.map((e) => e.path)).not.toContain("shards/nested/deep.txt");
    const bin = entries.find((e) => e.path === "model.bin");
    const info = hub.fileInfo("model", "org/listing", "main", "model.bin");
    expect(bin).toMatchObject({
      type: "file",
      oid: info.sha1,
      size: 2048,
      lfs: { oid: info.sha256, size: 2048 },
    });
    expect(bin?.xetHash).toMatch(/^[0-9a-f]{64}$/);
    const readme = entries.find((e) => e.path === "README.md");
    expect(readme?.lfs).toBeUndefined();
    expect(readme?.xetHash).toBeUndefined();
    expect(entries.find((e) => e.path === "shards")).toMatchObject({ type: "directory" });
  });

  it("paginates recursive listings with an absolute Link that keeps the query", async () => {
    const { entries, links } = await allPages(treeUrl(`${commit}?recursive=true&expand=true`));
    expect(entries).toHaveLength(Object.keys(files).length + 2); // + "shards" and "shards/nested"
    expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length);
    expect(links.length).toBe(Math.ceil(entries.length / 4) - 1);
    for (const link of links) {
      expect(link.startsWith(`${hub.url}/api/models/org/listing/tree/${commit}?`)).toBe(true);
      expect(link).toContain("recursive=true");
      expect(link).toContain("cursor=");
    }
    expect(entries.every((e) => e.lastCommit?.id === commit)).toBe(true);
  });

  it("404s a missing tree path with EntryNotFound", async () => {
    const res = await get(treeUrl("main/nope"));
    expect(res.status).toBe(404);
    expect(res.headers.get("x-error-code")).toBe("EntryNotFound");
  });

  it("answers paths-info for form and JSON bodies, skipping missing paths", async () => {
    const url = `${hub.url}/api/models/org/listing/paths-info/main`;
    const form = await get(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "paths=model.bin&paths=missing.txt&paths=shards&expand=true",
    });
    const jsonRes = await get(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ paths: ["model.bin", "missing.txt", "shards"], expand: true }),
    });
    for (const res of [form, jsonRes]) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as TreeEntry[];
      expect(body.map((e) => [e.type, e.path])).toEqual([
        ["file", "model.bin"],
        ["directory", "shards"],
      ]);
      expect(body[0]?.xetHash).toMatch(/^[0-9a-f]{64}$/);
      expect(body[0]?.lastCommit?.id).toBe(commit);
    }
  });

  it("lists refs", async () => {
    hub.createRef("model", "org/listing", "v2", "main", "tag");
    hub.createRef("model", "org/listing", "dev", "main");
    hub.createRef("model", "org/listing", "refs/pr/3", "main");
    const refs = await (await get(`${hub.url}/api/models/org/listing/refs?include_prs=1`)).json();
    expect(refs).toEqual({
      branches: [
        { name: "dev", ref: "refs/heads/dev", targetCommit: commit },
        { name: "main", ref: "refs/heads/main", targetCommit: commit },
      ],
      tags: [{ name: "v2", ref: "refs/tags/v2", targetCommit: commit }],
      converts: [],
      pullRequests: [{ name: "3", ref: "refs/pr/3", targetCommit: commit }],
    });
    const tree = await get(`${hub.url}/api/models/org/listing/tree/refs%2Fpr%2F3`);
    expect(tree.headers.get("x-repo-commit")).toBe(commit);
  });

  it("hands out a Xet read token", async () => {
    const res = await get(`${hub.url}/api/models/org/listing/xet-read-token/main`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accessToken: expect.any(String), casUrl: `${hub.url}/xet` });
  });
});

describe("auth", () => {
  let authHub: FakeHub;
  beforeAll(async () => {
    authHub = await startFakeHub({
      tokens: {
        hf_all: { user: "alice" },
        hf_some: { user: "bob", canAccess: ["model:acme/*"] },
        hf_none: { user: "carol", canAccess: [] },
      },
    });
    authHub.addRepo({ id: "acme/secret", private: true, files: { "a.txt": "a" } });
    authHub.addRepo({ id: "meta/gated", gated: true, files: { "a.txt": "a" } });
    authHub.addRepo({ id: "carol/own", private: true, files: { "a.txt": "a" } });
    authHub.addRepo({ id: "open/model", files: { "a.txt": "a" } });
  });
  afterAll(() => authHub.close());

  const as = (token: string | null, path: string): Promise<Response> =>
    get(`${authHub.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

  it("hides private repos behind RepoNotFound", async () => {
    for (const token of [null, "hf_none"]) {
      for (const path of [
        "/acme/secret/resolve/main/a.txt",
        "/api/models/acme/secret",
        "/api/models/acme/secret/refs",
      ]) {
        const res = await as(token, path);
        expect(res.status, `${token} ${path}`).toBe(401);
        expect(res.headers.get("x-error-code")).toBe("RepoNotFound");
      }
    }
    expect((await as("hf_all", "/acme/secret/resolve/main/a.txt")).status).toBe(307);
    expect((await as("hf_some", "/api/models/acme/secret")).status).toBe(200);
    // Owners always see their own repos.
    expect((await as("hf_none", "/carol/own/resolve/main/a.txt")).status).toBe(307);
  });

  it("answers GatedRepo for files of a gated repo, while metadata stays public", async () => {
    for (const token of [null, "hf_some"]) {
      const res = await as(token, "/meta/gated/resolve/main/a.txt");
      expect(res.status).toBe(403);
      expect(res.headers.get("x-error-code")).toBe("GatedRepo");
    }
    expect((await as(null, "/api/models/meta/gated")).status).toBe(200);
    expect((await as("hf_all", "/meta/gated/resolve/main/a.txt")).status).toBe(307);
  });

  it("rejects unknown tokens and answers whoami", async () => {
    expect((await as("hf_bogus", "/open/model/resolve/main/a.txt")).status).toBe(401);
    expect((await as(null, "/open/model/resolve/main/a.txt")).status).toBe(307);
    expect((await as(null, "/api/whoami-v2")).status).toBe(401);
    const me = await as("hf_some", "/api/whoami-v2");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      type: "user",
      name: "bob",
      auth: { accessToken: { role: "read" } },
    });
  });
});
