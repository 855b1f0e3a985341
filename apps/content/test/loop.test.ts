import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { addDistribution, listen, startStack, type Stack } from "./harness.ts";

let stack: Stack;

beforeAll(async () => {
  // The content server's own origin is allowlisted, as an operator would for an in-house cache.
  const probe = await listen(() => undefined);
  await probe.close();
  stack = await startStack({
    config: {
      port: probe.port,
      remoteUrlAllowlist: ["https://huggingface.co", `http://127.0.0.1:${probe.port}`],
    },
  });
});
afterAll(async () => {
  await stack.stop();
});

describe("a remote leading back to this content server", () => {
  test("is a 508 Loop Detected, answered promptly, and the server stays up", async () => {
    const base = await addDistribution(stack, `${stack.server.url}/loop`, "loop");
    const started = performance.now();
    for (const path of [
      "demo/tiny-model/resolve/main/config.json",
      "api/models/demo/tiny-model",
      "api/models/demo/tiny-model/tree/main",
      "api/models/demo/tiny-model/commits/main",
    ]) {
      const response = await stack.request(`${base}/${path}`);
      expect(response.status, path).toBe(508);
      expect(response.headers.get("x-error-code")).toBe("LoopDetected");
    }
    expect(performance.now() - started).toBeLessThan(2000);
    // Over its socket: the listener itself is still up.
    expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200);
    expect((await stack.request(`${stack.endpoint}/gpt2/resolve/main/config.json`)).status).toBe(200);
  });

  test("a request naming this instance in Via is refused; another hubcache's is served", async () => {
    stack.hub.resetRequests();
    const url = `${stack.endpoint}/api/models/gpt2/refs`;
    const foreign = await stack.request(url, { headers: { via: "1.0 fred, 1.1 hubcache-other" } });
    expect(foreign.status).toBe(200);
    const ours = stack.hub.requests[0]?.headers.via;
    expect(ours).toMatch(/^1\.1 hubcache-[A-Za-z0-9._-]+$/);
    const looped = await stack.request(url, { headers: { via: `1.0 fred, ${String(ours)} (comment)` } });
    expect(looped.status).toBe(508);
  });
});
