import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startStack, type Stack } from "./harness.ts";

/** Configuration is re-read in the background; a distribution created a moment ago is served at once. */
let stack: Stack;
beforeAll(async () => {
  // A long refresh interval: only the re-read on an unknown path can find the new distribution.
  stack = await startStack({ config: { configRefreshMs: 60_000 } });
});
afterAll(async () => {
  await stack.stop();
});

describe("a distribution created while the content server runs", () => {
  test("answers its first request, without waiting for the next refresh", async () => {
    // The configuration is loaded (by a first request) before the distribution is created.
    expect((await stack.request(`${stack.endpoint}/gpt2/resolve/main/config.json`)).status).toBe(200);
    const db = stack.database.db;
    const bootstrapped = await db.distribution.findFirstOrThrow({ include: { remote: true } });
    await db.distribution.create({
      data: {
        teamId: bootstrapped.teamId,
        name: "fresh",
        basePath: "fresh",
        remoteId: bootstrapped.remoteId,
        isPublic: true,
      },
    });
    const response = await stack.request(`${stack.server.url}/fresh/gpt2/resolve/main/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ model_type: "gpt2" });

    // A path that matches nothing is still a 404.
    const unknown = await stack.request(`${stack.server.url}/nothing-here/gpt2/resolve/main/config.json`);
    expect(unknown.status).toBe(404);
  });
});
