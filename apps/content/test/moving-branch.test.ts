import { afterAll, beforeAll, expect, test } from "bun:test";
import { eventually, startStack, type Stack } from "./harness.ts";

// A branch that moves upstream: once the revision TTL has passed, clients see the new commit; a download
// pinned to the old commit still gets the old bytes and makes no upstream call.

let stack: Stack;
let oldCommit = "";

beforeAll(async () => {
  stack = await startStack({
    config: { revisionTtlMs: 300 },
    seed: (hub) => {
      oldCommit = hub.addRepo({ id: "acme/moving", files: { "config.json": '{"v":1}' } }).commit;
    },
  });
});
afterAll(async () => {
  await stack.stop();
});

test("after the revision TTL clients see the new commit; the old commit stays served from the cache", async () => {
  const url = (revision: string, path = "config.json") =>
    `${stack.endpoint}/acme/moving/resolve/${revision}/${path}`;
  expect(await (await stack.request(url("main"))).text()).toBe('{"v":1}');
  const info = await stack.request(`${stack.endpoint}/api/models/acme/moving/tree/main`);
  expect(info.headers.get("x-repo-commit")).toBe(oldCommit);

  const { commit: newCommit } = stack.hub.commit("model", "acme/moving", "main", {
    "config.json": '{"v":2}',
    "added.txt": "new",
  });
  await eventually(async () => {
    const response = await stack.request(url("main"));
    expect(response.headers.get("x-repo-commit")).toBe(newCommit);
    expect(await response.text()).toBe('{"v":2}');
  });
  const tree = await stack.request(`${stack.endpoint}/api/models/acme/moving/tree/main`);
  expect(((await tree.json()) as Array<{ path: string }>).map((entry) => entry.path)).toContain("added.txt");
  const infoAfter = await (await stack.request(`${stack.endpoint}/api/models/acme/moving`)).json();
  expect((infoAfter as { sha: string }).sha).toBe(newCommit);

  stack.hub.resetRequests();
  const pinned = await stack.request(url(oldCommit));
  expect(pinned.headers.get("x-repo-commit")).toBe(oldCommit);
  expect(await pinned.text()).toBe('{"v":1}');
  const pinnedTree = await stack.request(`${stack.endpoint}/api/models/acme/moving/tree/${oldCommit}`);
  expect(((await pinnedTree.json()) as Array<{ path: string }>).map((entry) => entry.path)).toEqual([
    "config.json",
  ]);
  expect(stack.hub.requests).toEqual([]);
});
