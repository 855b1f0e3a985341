import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeHub, type FakeHub } from "./index.ts";
import { bytes, get, sha256Hex } from "./test-utils.ts";

let hub: FakeHub;
let cdnUrl: string;
const SIZE = 4 * 1024 * 1024;

beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ id: "org/faulty", files: { "w.safetensors": { size: SIZE, seed: 9 }, "a.txt": "hello" } });
  cdnUrl = (await get(`${hub.url}/org/faulty/resolve/main/w.safetensors`)).headers.get("location") ?? "";
});
afterEach(() => hub.resetFaults());
afterAll(() => hub.close());

/** Reads a body to the end or to its first error, counting the bytes that arrived. */
async function drain(res: Response): Promise<{ received: number; error: unknown }> {
  const reader = res.body?.getReader();
  let received = 0;
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return { received, error: null };
      received += chunk.value.byteLength;
    }
  } catch (error) {
    return { received, error };
  }
}

describe("faults", () => {
  it("down: connections are reset without a response", async () => {
    hub.faults.down = true;
    await expect(get(`${hub.url}/api/models/org/faulty`)).rejects.toThrow();
    hub.faults.down = false;
    expect((await get(`${hub.url}/api/models/org/faulty`)).status).toBe(200);
  });

  it("status: every request answers the injected status, 429 with Retry-After", async () => {
    hub.faults.status = 503;
    expect((await get(`${hub.url}/api/models/org/faulty`)).status).toBe(503);
    expect((await get(cdnUrl)).status).toBe(503);
    hub.faults.status = 429;
    const res = await get(`${hub.url}/org/faulty/resolve/main/a.txt`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
  });

  it("matching: faults only hit matching paths", async () => {
    hub.faults.status = 500;
    hub.faults.matching = (path) => path.startsWith("/cdn-lfs/");
    expect((await get(`${hub.url}/org/faulty/resolve/main/w.safetensors`)).status).toBe(302);
    expect((await get(cdnUrl)).status).toBe(500);
  });

  it("latencyMs delays answers", async () => {
    hub.faults.latencyMs = 150;
    const started = performance.now();
    await get(`${hub.url}/api/models/org/faulty`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("close() does not wait for answers held back by latencyMs (a black-holed Hub)", async () => {
    const blackHole = await startFakeHub();
    blackHole.faults.latencyMs = 600_000;
    const pending = get(`${blackHole.url}/api/models/gpt2`).catch(() => "cut");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await blackHole.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await pending).toBe("cut");
  });

  it("dropAfterBytes: full Content-Length, then the connection dies mid-body", async () => {
    hub.faults.dropAfterBytes = 100_000;
    const res = await get(cdnUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    const { received, error } = await drain(res);
    expect(error).toBeTruthy();
    // Bun's fetch may drop the bytes buffered before the error; the server side is checked with Node's.
    if ("Bun" in globalThis) expect(received).toBeLessThanOrEqual(100_000);
    else expect(received).toBe(100_000);
    hub.faults.dropAfterBytes = 0;
    const early = await get(cdnUrl, { headers: { Range: "bytes=10-" } });
    expect(early.status).toBe(206);
    expect((await drain(early)).error).toBeTruthy();
  });

  it("corruptBody: same length, one byte flipped", async () => {
    const good = await bytes(await get(cdnUrl));
    hub.faults.corruptBody = true;
    const bad = await bytes(await get(cdnUrl));
    expect(bad.byteLength).toBe(good.byteLength);
    expect(sha256Hex(bad)).not.toBe(sha256Hex(good));
    expect(bad.filter((b, i) => b !== good[i]).length).toBe(1);
  });

  it("bytesPerSecond throttles file bodies", async () => {
    hub.faults.bytesPerSecond = 1024 * 1024;
    const started = performance.now();
    const res = await get(cdnUrl, { headers: { Range: "bytes=0-524287" } });
    expect((await bytes(res)).byteLength).toBe(512 * 1024);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("records every request in order, raw", async () => {
    hub.resetRequests();
    await get(`${hub.url}/org/faulty/resolve/refs%2Fpr%2F1/a.txt?x=1`, { headers: { "X-Test": "yes" } });
    await get(`${hub.url}/api/models/org/faulty`, { method: "HEAD" });
    expect(hub.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/org/faulty/resolve/refs%2Fpr%2F1/a.txt?x=1"],
      ["HEAD", "/api/models/org/faulty"],
    ]);
    expect(hub.requests[0]?.headers["x-test"]).toBe("yes");
    expect(hub.countRequests((r) => r.method === "HEAD")).toBe(1);
  });
});
