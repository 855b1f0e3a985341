import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { eventually, startStack, type Stack } from "./harness.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ hub: { pageSize: 3 } });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.hub.resetFaults();
  stack.hub.resetRequests();
});

const api = (path: string) => `${stack.endpoint}/api/${path}`;

describe("repo info", () => {
  test("carries the commit and siblings, without Xet fields", async () => {
    const response = await stack.request(api("models/demo/tiny-model?blobs=true"));
    expect(response.status).toBe(200);
    const info = await response.json();
    const commit = stack.hub.fileInfo("model", "demo/tiny-model", "main", "config.json").commit;
    expect(info.sha).toBe(commit);
    expect(response.headers.get("x-repo-commit")).toBe(commit);
    expect(info.siblings.map((s: { rfilename: string }) => s.rfilename)).toContain("model.safetensors");
    expect(JSON.stringify(info)).not.toContain("xet");
  });

  test("is cached by commit: asking again at the commit needs no upstream call", async () => {
    const info = await (await stack.request(api("models/gpt2/revision/main"))).json();
    stack.hub.resetRequests();
    const again = await (await stack.request(api(`models/gpt2/revision/${info.sha}`))).json();
    expect(again).toEqual(info);
    expect(stack.hub.requests.length).toBe(0);
  });

  test("passes upstream errors with their codes", async () => {
    const missing = await stack.request(api("models/nobody/nothing"));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("x-error-code")).toBe("RepoNotFound");
    const badRevision = await stack.request(api("models/demo/tiny-model/revision/no-such-branch"));
    expect(badRevision.status).toBe(404);
    expect(badRevision.headers.get("x-error-code")).toBe("RevisionNotFound");
  });
});

describe("tree", () => {
  test("pages are linked under the distribution, never upstream", async () => {
    const paths: string[] = [];
    let url: string | null = api("models/demo/tiny-model/tree/main?recursive=true");
    let pages = 0;
    while (url) {
      expect(url.startsWith(stack.endpoint)).toBe(true);
      const response: Response = await stack.request(url);
      expect(response.status).toBe(200);
      const entries = (await response.json()) as Array<{ path: string; type: string; xetHash?: string }>;
      for (const entry of entries) {
        expect(entry.xetHash).toBeUndefined();
        paths.push(entry.path);
      }
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(paths).toContain("model.safetensors");
    expect(paths).toContain("tokenizer/tokenizer.json");
  });

  test("a missing path passes EntryNotFound", async () => {
    const response = await stack.request(api("models/demo/tiny-model/tree/main/no/such/dir"));
    expect(response.status).toBe(404);
    expect(response.headers.get("x-error-code")).toBe("EntryNotFound");
  });
});

describe("paths-info", () => {
  const expected = ["config.json", "model.safetensors"];

  test("accepts a form body (Python) and a JSON body (hub.js) alike", async () => {
    const form = await stack.request(api("models/demo/tiny-model/paths-info/main"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "paths=config.json&paths=model.safetensors&expand=true",
    });
    const json = await stack.request(api("models/demo/tiny-model/paths-info/main"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ paths: expected, expand: true }),
    });
    expect(form.status).toBe(200);
    expect(json.status).toBe(200);
    const formEntries = (await form.json()) as Array<{ path: string }>;
    expect(formEntries.map((e) => e.path).sort()).toEqual(expected);
    expect(await json.json()).toEqual(formEntries);
    expect(JSON.stringify(formEntries)).not.toContain("xetHash");
  });

  test("rejects a body without paths with a clear 400", async () => {
    const response = await stack.request(api("models/demo/tiny-model/paths-info/main"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-error-message")).toMatch(/paths/);
  });
});

describe("repo patterns of the remote", () => {
  test("a repo outside the remote's include patterns is refused, changes applied without a restart", async () => {
    const db = stack.database.db;
    const remote = await db.remote.findFirstOrThrow();
    await db.remote.update({
      where: { id: remote.id },
      data: { includePatterns: JSON.stringify(["demo/*"]) },
    });
    try {
      await eventually(async () => {
        const response = await stack.request(`${stack.endpoint}/gpt2/resolve/main/config.json`);
        expect(response.status).toBe(403);
        expect(response.headers.get("x-error-message")).toMatch(/not served/);
      });
      expect((await stack.request(`${stack.endpoint}/demo/tiny-model/resolve/main/config.json`)).status).toBe(
        200,
      );
      // Forwarded calls about a repo obey the patterns too: they would run with the remote's token.
      stack.hub.resetRequests();
      expect((await stack.request(api("models/gpt2/commits/main"))).status).toBe(403);
      expect((await stack.request(api("models/gpt2/refs"))).status).toBe(403);
      expect(stack.hub.requests).toHaveLength(0);
      expect((await stack.request(api("models/demo/tiny-model/refs"))).status).toBe(200);
    } finally {
      await db.remote.update({ where: { id: remote.id }, data: { includePatterns: "[]" } });
    }
  });
});

describe("forwarded and refused API calls", () => {
  test("refs are forwarded", async () => {
    const refs = await (await stack.request(api("models/demo/tiny-model/refs"))).json();
    expect(refs.branches.map((b: { name: string }) => b.name)).toContain("main");
  });

  test("xet-read-token is not offered", async () => {
    const response = await stack.request(api("models/demo/tiny-model/xet-read-token/main"));
    expect(response.status).toBe(404);
  });

  test("writes are never forwarded with the remote's token", async () => {
    const response = await stack.request(api("models/demo/tiny-model/commit/main"), {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(405);
    // Hub-wide calls other than the repo listings are not served at all.
    expect((await stack.request(api("repos/create"), { method: "POST", body: "{}" })).status).toBe(404);
    expect((await stack.request(api("settings/tokens"))).status).toBe(404);
    expect(stack.hub.requests.length).toBe(0);
  });

  test("the Xet file-info Accept header is not forwarded", async () => {
    const response = await stack.request(`${stack.endpoint}/demo/tiny-model/resolve/main/model.safetensors`, {
      method: "HEAD",
      headers: { accept: "application/vnd.xet-fileinfo+json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).not.toContain("xet");
    expect(stack.hub.requests.every((r) => !String(r.headers.accept ?? "").includes("xet"))).toBe(true);
  });
});
