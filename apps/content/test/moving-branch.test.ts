import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually, startStack, type Stack } from "./harness.ts";

// A branch that moves upstream: until the revision TTL has passed, clients keep the commit the branch was
// resolved to, from the cache alone; after it, they see the new commit. A download pinned to the old commit
// still gets the old bytes and makes no upstream call. Through both base paths, each with a repo of its own.

const REVISION_TTL_MS = 2000;
const BASE_PATHS = ["huggingface", "pulp/content/huggingface"];
const repoFor = (basePath: string) => `acme/moving-${basePath.replaceAll("/", "-")}`;

let stack: Stack;
const oldCommits = new Map<string, string>();

beforeAll(async () => {
  stack = await startStack({
    config: { revisionTtlMs: REVISION_TTL_MS },
    seed: (hub) => {
      for (const basePath of BASE_PATHS) {
        const repo = repoFor(basePath);
        oldCommits.set(repo, hub.addRepo({ id: repo, files: { "config.json": '{"v":1}' } }).commit);
      }
    },
  });
});
afterAll(async () => {
  await stack.stop();
});

const paths = async (response: Response) =>
  ((await response.json()) as Array<{ path: string }>).map((entry) => entry.path);

for (const basePath of BASE_PATHS) {
  describe(`a moving branch through /${basePath}`, () => {
    const repo = repoFor(basePath);
    const base = () => `${stack.server.url}/${basePath}`;
    const file = (revision: string) => `${base()}/${repo}/resolve/${revision}/config.json`;
    const tree = (revision: string) => `${base()}/api/models/${repo}/tree/${revision}`;

    test("the old commit until the TTL runs out, the new one after; the old commit stays served", async () => {
      const oldCommit = oldCommits.get(repo) ?? "";
      const resolvedAt = performance.now();
      expect(await (await stack.request(file("main"))).text()).toBe('{"v":1}');
      expect((await stack.request(tree("main"))).headers.get("x-repo-commit")).toBe(oldCommit);

      const { commit: newCommit } = stack.hub.commit("model", repo, "main", {
        "config.json": '{"v":2}',
        "added.txt": "new",
      });
      stack.hub.resetRequests();
      const before = await stack.request(file("main"));
      const beforeTree = await stack.request(tree("main"));
      // Only meaningful while the resolution is younger than the TTL: fail loudly rather than pass vacuously.
      expect(performance.now() - resolvedAt).toBeLessThan(REVISION_TTL_MS);
      expect(before.headers.get("x-repo-commit")).toBe(oldCommit);
      expect(await before.text()).toBe('{"v":1}');
      expect(await paths(beforeTree)).toEqual(["config.json"]);
      expect(stack.hub.requests).toEqual([]);

      await eventually(async () => {
        const response = await stack.request(file("main"));
        expect(response.headers.get("x-repo-commit")).toBe(newCommit);
        expect(await response.text()).toBe('{"v":2}');
      }, REVISION_TTL_MS * 4);
      expect(await paths(await stack.request(tree("main")))).toContain("added.txt");
      const infoAfter = (await (await stack.request(`${base()}/api/models/${repo}`)).json()) as {
        sha: string;
      };
      expect(infoAfter.sha).toBe(newCommit);

      stack.hub.resetRequests();
      const pinned = await stack.request(file(oldCommit));
      expect(pinned.headers.get("x-repo-commit")).toBe(oldCommit);
      expect(await pinned.text()).toBe('{"v":1}');
      expect(await paths(await stack.request(tree(oldCommit)))).toEqual(["config.json"]);
      expect(stack.hub.requests).toEqual([]);
    }, 15_000);
  });
}
