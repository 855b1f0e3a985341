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

it("streams a generated 1 GiB file quickly, matching fileInfo's sha256", { timeout: 60_000 }, async () => {
  let started = performance.now();
  const head = await get(`${hub.url}/org/huge/resolve/main/model.safetensors`, { method: "HEAD" });
  const hashSeconds = (performance.now() - started) / 1000;
  expect(head.status).toBe(302);
  expect(head.headers.get("x-linked-size")).toBe(String(GIB));

  started = performance.now();
  const res = await get(head.headers.get("location") ?? "");
  expect(res.headers.get("content-length")).toBe(String(GIB));
  const hash = createHash("sha256");
  let received = 0;
  const reader = res.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    hash.update(chunk.value);
    received += chunk.value.byteLength;
  }
  const downloadSeconds = (performance.now() - started) / 1000;
  expect(received).toBe(GIB);
  const info = hub.fileInfo("model", "org/huge", "main", "model.safetensors");
  expect(hash.digest("hex")).toBe(info.sha256);
  expect(head.headers.get("x-linked-etag")).toBe(`"${info.sha256}"`);
  console.log(
    `1 GiB: hashed in ${hashSeconds.toFixed(2)} s, downloaded+hashed in ${downloadSeconds.toFixed(2)} s`,
  );
  expect(GIB / downloadSeconds).toBeGreaterThan(100 * 1024 * 1024);
});
