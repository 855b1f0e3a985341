import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fillsRecorded, startStack, sha256Hex, type Stack } from "./harness.ts";

let stack: Stack;
const MODEL = "demo/tiny-model";

// A revision TTL of zero: every branch request asks upstream first, so the fallback path is exercised.
beforeAll(async () => {
  stack = await startStack({ config: { revisionTtlMs: 0 } });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.hub.resetFaults();
  stack.hub.resetRequests();
});

const fileUrl = (repo: string, path: string, revision = "main") =>
  `${stack.endpoint}/${repo}/resolve/${revision}/${path}`;

async function blobCount(): Promise<number> {
  const root = join(stack.dir, "blobs", "sha256");
  const walk = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    let count = 0;
    for (const entry of entries) count += entry.isDirectory() ? await walk(join(dir, entry.name)) : 1;
    return count;
  };
  return walk(root);
}

describe("the Hub going down", () => {
  test("cached files, info and trees are still served, a branch at its last commit", async () => {
    const config = await (await fetch(fileUrl(MODEL, "config.json"))).text();
    const info = await (await fetch(`${stack.endpoint}/api/models/${MODEL}/revision/main`)).json();
    const tree = await (await fetch(`${stack.endpoint}/api/models/${MODEL}/tree/main?recursive=true`)).json();
    stack.hub.faults.down = true;

    const file = await fetch(fileUrl(MODEL, "config.json"));
    expect(file.status).toBe(200);
    expect(file.headers.get("x-repo-commit")).toBe(info.sha);
    expect(await file.text()).toBe(config);
    const head = await fetch(fileUrl(MODEL, "config.json"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await (await fetch(`${stack.endpoint}/api/models/${MODEL}/revision/main`)).json()).toEqual(info);
    expect(
      await (await fetch(`${stack.endpoint}/api/models/${MODEL}/tree/main?recursive=true`)).json(),
    ).toEqual(tree);
  });

  test("repo info asked with an expand list (no sha in it) is still served, at the branch's last commit", async () => {
    const url = `${stack.endpoint}/api/models/${MODEL}/revision/HEAD?expand=likes&expand=lastModified`;
    const before = await fetch(url);
    const answer = await before.json();
    stack.hub.faults.down = true;
    const during = await fetch(url);
    expect(during.status).toBe(200);
    expect(during.headers.get("x-repo-commit")).toBe(before.headers.get("x-repo-commit"));
    expect(await during.json()).toEqual(answer);
  });

  test("uncached content fails with 502 and a clear message", async () => {
    stack.hub.faults.down = true;
    const response = await fetch(fileUrl(MODEL, "README.md"));
    expect(response.status).toBe(502);
    expect(response.headers.get("x-error-message")).toMatch(/unreachable/i);
    const info = await fetch(`${stack.endpoint}/api/datasets/demo/tiny-dataset`);
    expect(info.status).toBe(502);
  });

  test("a Hub answering 5xx counts as down: cached content is served", async () => {
    await (await fetch(fileUrl(MODEL, "tokenizer/tokenizer.json"))).arrayBuffer();
    stack.hub.faults.status = 503;
    expect((await fetch(fileUrl(MODEL, "tokenizer/tokenizer.json"))).status).toBe(200);
    expect((await fetch(fileUrl("gpt2", "config.json"))).status).toBe(502);
  });

  test("a branch moved upstream is followed once the Hub answers again", async () => {
    stack.hub.addRepo({ id: "moving/model", files: { "a.txt": "one" } });
    expect(await (await fetch(fileUrl("moving/model", "a.txt"))).text()).toBe("one");
    const { commit } = stack.hub.commit("model", "moving/model", "main", { "a.txt": "two" });
    const response = await fetch(fileUrl("moving/model", "a.txt"));
    expect(response.headers.get("x-repo-commit")).toBe(commit);
    expect(await response.text()).toBe("two");
  });

  test("upstream timeouts answer 504 when nothing is cached", async () => {
    const slow = await startStack({ config: { revisionTtlMs: 0 } });
    try {
      // Before the first request, so the server's first read of the configuration sees it.
      await slow.database.db.remote.updateMany({ data: { readTimeoutMs: 300 } });
      slow.hub.faults.latencyMs = 3000;
      const response = await fetch(`${slow.endpoint}/gpt2/resolve/main/config.json`);
      expect(response.status).toBe(504);
    } finally {
      await slow.stop();
    }
  });
});

describe("broken upstream bodies", () => {
  // Around a transfer the server has to cut, Bun's fetch may hand the next request a pooled socket that
  // is already reset (ECONNRESET), even with `keepalive: false`; the follow-up downloads use curl, a new
  // process and connection each time, as a fresh client would.
  const fresh = { keepalive: false, headers: { connection: "close" } };
  async function curlBytes(url: string): Promise<Uint8Array> {
    const curl = Bun.spawn(["curl", "-sS", "--fail", url], { stdout: "pipe", stderr: "pipe" });
    const bytes = new Uint8Array(await new Response(curl.stdout).arrayBuffer());
    if ((await curl.exited) !== 0) throw new Error(`curl failed: ${await new Response(curl.stderr).text()}`);
    return bytes;
  }

  test("a drop mid-file is never stored nor served as complete; the next request succeeds", async () => {
    stack.hub.addRepo({ id: "drop/model", files: { "w.safetensors": { size: 2 * 1024 * 1024, seed: 11 } } });
    const info = stack.hub.fileInfo("model", "drop/model", "main", "w.safetensors");
    const blobsBefore = await blobCount();
    stack.hub.faults.dropAfterBytes = 512 * 1024;
    const broken = await fetch(fileUrl("drop/model", "w.safetensors"), fresh);
    expect(broken.status).toBe(200);
    const received = await broken
      .arrayBuffer()
      .then((body) => body.byteLength)
      .catch(() => -1);
    expect(received).not.toBe(info.size);
    expect(await blobCount()).toBe(blobsBefore);

    stack.hub.resetFaults();
    expect(await sha256Hex(await curlBytes(fileUrl("drop/model", "w.safetensors")))).toBe(info.sha256);
    await fillsRecorded(stack.server.url);
    expect(await blobCount()).toBe(blobsBefore + 1);
  });

  // Fills of 8 MiB and more are hashed on the hashing thread (worker-hasher.ts), smaller ones inline.
  test.each([
    ["1 MiB, hashed inline", "corrupt/small", 1],
    ["12 MiB, hashed on the hashing thread", "corrupt/large", 12],
  ])("a corrupt body (right length, wrong bytes) is not stored: %s", async (_, repo, sizeMiB) => {
    stack.hub.addRepo({ id: repo, files: { "c.bin": { size: sizeMiB * 1024 * 1024, seed: 12 } } });
    const info = stack.hub.fileInfo("model", repo, "main", "c.bin");
    stack.hub.faults.corruptBody = true;
    await fillsRecorded(stack.server.url);
    const blobsBefore = await blobCount();
    const first = await fetch(fileUrl(repo, "c.bin"), fresh);
    // The client sees a failed transfer, never a complete-looking corrupt body.
    expect(
      await first.arrayBuffer().then(
        () => "complete",
        () => "failed",
      ),
    ).toBe("failed");
    expect(await blobCount()).toBe(blobsBefore);
    stack.hub.resetFaults();
    stack.hub.resetRequests();
    expect(await sha256Hex(await curlBytes(fileUrl(repo, "c.bin")))).toBe(info.sha256);
    expect(stack.hub.countRequests((r) => r.method === "GET" && r.path.startsWith("/cdn-lfs/"))).toBe(1);
  });
});
