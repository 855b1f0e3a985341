import { storageKeyOf } from "@hubcache/core";
import { downloadFile } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fillsRecorded, sha256Hex, startStack, type Stack } from "./harness.ts";

// DIRECT_PORT: GETs of large cached files answer 302 to a second port that sends them with sendfile.
const MIN_BYTES = 1024 * 1024;
const REPO = "org/direct";
const LARGE = "model.safetensors";
const SIZE = 3 * 1024 * 1024 + 5;

let stack: Stack;
let fileUrl: string;

beforeAll(async () => {
  stack = await startStack({
    config: { directPort: 0, directMinBytes: MIN_BYTES },
    seed: (hub) =>
      hub.addRepo({
        id: REPO,
        files: {
          "config.json": '{"model_type":"bert"}',
          [LARGE]: { size: SIZE, seed: 11 },
          "second.bin": { size: 2 * MIN_BYTES, seed: 12 },
          "gone.bin": { size: 2 * MIN_BYTES, seed: 13 },
        },
      }),
  });
  fileUrl = `${stack.endpoint}/${REPO}/resolve/main/${LARGE}`;
  // Cold: filled and streamed by the main port, never redirected while it downloads.
  const cold = await fetch(fileUrl);
  expect(cold.status).toBe(200);
  expect(cold.headers.get("location")).toBeNull();
  expect(await sha256Hex(await cold.arrayBuffer())).toBe(info(LARGE).sha256);
  await fillsRecorded(stack.server.url);
});
afterAll(async () => {
  await stack.stop();
});

const info = (path: string) => stack.hub.fileInfo("model", REPO, "main", path);

/** The main port's answer to a GET, not followed. */
async function redirectOf(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, { redirect: "manual", headers });
  await response.arrayBuffer();
  return response;
}

describe("direct downloads (DIRECT_PORT)", () => {
  test("a warm GET of a large file is a 302 to the direct port carrying the Hub's headers; the link gives the exact bytes with their length", async () => {
    const redirect = await redirectOf(fileUrl);
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get("location")!);
    expect(location.origin).toBe(`http://127.0.0.1:${stack.server.directPort}`);
    expect(redirect.headers.get("x-repo-commit")).toBe(info(LARGE).commit);
    expect(redirect.headers.get("x-linked-size")).toBe(String(SIZE));
    expect(redirect.headers.get("x-linked-etag")).toBe(`"${info(LARGE).sha256}"`);

    const direct = await fetch(location);
    expect(direct.status).toBe(200);
    expect(direct.headers.get("content-length")).toBe(String(SIZE));
    expect(direct.headers.get("transfer-encoding")).toBeNull();
    expect(direct.headers.get("content-disposition")).toContain(`filename="${LARGE}"`);
    expect(direct.headers.get("access-control-allow-origin")).toBe("*");
    expect(await sha256Hex(await direct.arrayBuffer())).toBe(info(LARGE).sha256);

    const head = await fetch(location, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(SIZE));
  });

  test("HEAD (the clients' metadata request), small files and small ranges are answered by the main port", async () => {
    const head = await fetch(fileUrl, { method: "HEAD", redirect: "manual" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(SIZE));
    expect(head.headers.get("x-repo-commit")).toBe(info(LARGE).commit);

    const small = await redirectOf(`${stack.endpoint}/${REPO}/resolve/main/config.json`);
    expect(small.status).toBe(200);
    // hub.js probes a file's size with a one-byte range.
    const probe = await fetch(fileUrl, { redirect: "manual", headers: { range: "bytes=0-0" } });
    expect(probe.status).toBe(206);
    expect(probe.headers.get("content-range")).toBe(`bytes 0-0/${SIZE}`);
    expect((await probe.arrayBuffer()).byteLength).toBe(1);
  });

  test("a large range is redirected and the link answers it: 206 with Content-Range, 416 past the end", async () => {
    const start = 1000;
    const end = start + MIN_BYTES + 99;
    const range = { range: `bytes=${start}-${end}` };
    const redirect = await redirectOf(fileUrl, range);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location")!;

    const partial = await fetch(location, { headers: range });
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(`bytes ${start}-${end}/${SIZE}`);
    const bytes = new Uint8Array(await partial.arrayBuffer());
    expect(bytes.length).toBe(end - start + 1);
    const whole = new Uint8Array(await (await fetch(location)).arrayBuffer());
    expect(Buffer.from(bytes).equals(whole.subarray(start, end + 1))).toBe(true);

    const past = await fetch(location, { headers: { range: `bytes=${SIZE}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${SIZE}`);
    // A page reading the link sees its refusals too (CORS on every answer of the direct port).
    expect(past.headers.get("access-control-allow-origin")).toBe("*");
  });

  test("a link altered in any part, or asked with another method, is refused and gives no bytes; a preflight is answered", async () => {
    const location = new URL((await redirectOf(fileUrl)).headers.get("location")!);
    const altered = (change: (url: URL) => void) => {
      const url = new URL(location);
      change(url);
      return url;
    };
    const other = info("second.bin").sha256;
    const refused = [
      altered((url) => url.searchParams.set("signature", `${url.searchParams.get("signature")}00`)),
      altered((url) => url.searchParams.set("signature", "0".repeat(64))),
      altered((url) => url.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 1))),
      altered((url) => (url.pathname = url.pathname.replace(info(LARGE).sha256, other))),
      altered((url) => (url.pathname = url.pathname.replace(LARGE, "renamed.bin"))),
      altered((url) => url.searchParams.delete("signature")),
    ];
    for (const url of refused) {
      const response = await fetch(url);
      expect(response.status).toBe(403);
      expect(response.headers.get("x-error-message")).toContain("not valid");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect((await response.arrayBuffer()).byteLength).toBeLessThan(200);
    }
    const post = await fetch(location, { method: "POST" });
    expect(post.status).toBe(405);
    // A browser's preflight before a ranged GET of the link.
    const preflight = await fetch(location, {
      method: "OPTIONS",
      headers: { origin: "http://app.example", "access-control-request-headers": "range" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Range");
  });

  test("a link to a blob no longer in the store answers 404, and the main port fetches the file again", async () => {
    const url = `${stack.endpoint}/${REPO}/resolve/main/gone.bin`;
    await (await fetch(url)).arrayBuffer();
    await fillsRecorded(stack.server.url);
    const location = (await redirectOf(url)).headers.get("location")!;
    await rm(join(stack.dir, "blobs", storageKeyOf(info("gone.bin").sha256)));

    const gone = await fetch(location);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("x-error-message")).toContain("no longer cached");
    const again = await fetch(url);
    expect(again.status).toBe(200);
    expect(await sha256Hex(await again.arrayBuffer())).toBe(info("gone.bin").sha256);
  });

  test("@huggingface/hub's downloadFile follows the redirect and gets the exact bytes", async () => {
    const blob = await downloadFile({
      repo: { type: "model", name: REPO },
      path: LARGE,
      hubUrl: `${stack.server.url}/huggingface`,
      xet: false,
    });
    expect(blob).not.toBeNull();
    expect(await sha256Hex(await blob!.arrayBuffer())).toBe(info(LARGE).sha256);
  });
});

test("the direct port closes with the server", async () => {
  const own = await startStack({ config: { directPort: 0 } });
  const port = own.server.directPort!;
  const before = await fetch(`http://127.0.0.1:${port}/blobs/x`);
  expect(before.status).toBe(403);
  await own.stop();
  expect(
    await fetch(`http://127.0.0.1:${port}/blobs/x`).then(
      () => "answered",
      () => "refused",
    ),
  ).toBe("refused");
});
