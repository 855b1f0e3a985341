import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeHub, type FakeHub } from "./index.ts";
import { get } from "./test-utils.ts";

const GIB = 1024 * 1024 * 1024;
let hub: FakeHub;

beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ id: "org/huge", files: { "model.safetensors": { size: GIB, seed: 42 } } });
});
afterAll(() => hub.close());

// How fast it streams is the bench's business (apps/content/bench), not a test's: this machine is shared.
it("streams a generated 1 GiB file, matching fileInfo's sha256 and size", { timeout: 120_000 }, async () => {
  const head = await get(`${hub.url}/org/huge/resolve/main/model.safetensors`, { method: "HEAD" });
  expect(head.status).toBe(302);
  expect(head.headers.get("x-linked-size")).toBe(String(GIB));

  const res = await get(head.headers.get("location") ?? "");
  expect(res.headers.get("content-length")).toBe(String(GIB));
  const hash = createHash("sha256");
  let received = 0;
  const reader = res.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    hash.update(chunk.value);
    received += chunk.value.byteLength;
  }
  expect(received).toBe(GIB);
  const info = hub.fileInfo("model", "org/huge", "main", "model.safetensors");
  expect(hash.digest("hex")).toBe(info.sha256);
  expect(head.headers.get("x-linked-etag")).toBe(`"${info.sha256}"`);
});
