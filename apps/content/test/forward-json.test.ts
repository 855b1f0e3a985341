import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { IncomingMessage, ServerResponse } from "node:http";
import { addDistribution, listen, startStack, type Listener, type Stack } from "./harness.ts";

const SECRET = "<html>internal admin page: secret</html>";

/** An upstream answering Hub API paths with whatever content type the last segment names. */
function oddUpstream(request: IncomingMessage, response: ServerResponse): void {
  const kind = (request.url ?? "").split("?")[0]?.split("/").pop();
  const json = (status: number, type: string, body: unknown): void =>
    void response.writeHead(status, { "content-type": type }).end(JSON.stringify(body));
  switch (kind) {
    case "json":
      return json(200, "application/json; charset=utf-8", { ok: true, xetHash: "x" });
    case "problem":
      return json(200, "application/problem+json", { title: "fine" });
    case "html":
      return void response.writeHead(200, { "content-type": "text/html" }).end(SECRET);
    case "octet":
      return void response.writeHead(200, { "content-type": "application/octet-stream" }).end(SECRET);
    case "text-json":
      return json(200, "text/json", { SECRET });
    case "untyped":
      return void response.writeHead(200).end(SECRET);
    case "missing":
      return void response
        .writeHead(404, { "content-type": "text/plain", "x-error-code": "EntryNotFound" })
        .end(SECRET);
    default:
      return json(404, "application/json", { error: "no" });
  }
}

let stack: Stack;
let odd: Listener;
let base: string;

beforeAll(async () => {
  odd = await listen(oddUpstream);
  stack = await startStack({
    config: { remoteUrlAllowlist: ["https://huggingface.co", odd.url] },
  });
  base = await addDistribution(stack, odd.url);
});
afterAll(async () => {
  await stack.stop();
  await odd.close();
});

describe("forwarded API answers pass only as JSON", () => {
  test("JSON and +json answers pass, sanitized", async () => {
    const json = await stack.request(`${base}/api/models/o/m/json`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ ok: true });
    expect((await stack.request(`${base}/api/models/o/m/problem`)).status).toBe(200);
  });

  test("anything else is a 502 with a message, and its body never reaches the client", async () => {
    for (const kind of ["html", "octet", "text-json", "untyped"]) {
      for (const method of ["GET", "HEAD"]) {
        const response = await stack.request(`${base}/api/models/o/m/${kind}`, { method });
        expect(response.status, `${method} ${kind}`).toBe(502);
        expect(response.headers.get("x-error-message")).toMatch(/JSON/);
        expect(await response.text()).not.toContain("secret");
      }
    }
  });

  test("an error without a JSON body keeps its status and code, not its body", async () => {
    const response = await stack.request(`${base}/api/models/o/m/missing`);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(await response.text()).not.toContain("secret");
  });
});
