import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HubError } from "../hub/errors.ts";
import { isUpstreamOutage, UpstreamClient } from "./client.ts";

// Runs under Node (vitest) and Bun (bun test): the content server uses this client in Bun.
let hub: FakeHub;
let client: UpstreamClient;
const TOKEN = "hf_remote";

beforeAll(async () => {
  hub = await startFakeHub({ tokens: { [TOKEN]: { user: "bot", canAccess: ["*"] } } });
  hub.addRepo({
    id: "org/model",
    private: true,
    files: { "config.json": "{}", "w.safetensors": { size: 4096, seed: 1 } },
  });
  client = new UpstreamClient({ hubUrl: hub.url, token: TOKEN, connectTimeoutMs: 1000, readTimeoutMs: 500 });
});
afterAll(async () => {
  await client.close();
  await hub.close();
});
beforeEach(() => {
  hub.resetFaults();
  hub.resetRequests();
});

async function drain(body: AsyncIterable<Uint8Array>): Promise<number> {
  let length = 0;
  for await (const chunk of body) length += chunk.length;
  return length;
}

describe("UpstreamClient", () => {
  it("hands back redirects for metadata and follows them for bytes", async () => {
    const head = await client.request("HEAD", client.url("org/model/resolve/main/config.json"));
    expect(head.status).toBe(307);
    expect(head.headers.get("location")).toMatch(/^\/api\/resolve-cache\//);
    await head.discard();
    const get = await client.request("GET", client.url("org/model/resolve/main/config.json"), {
      followRedirects: true,
    });
    expect(get.status).toBe(200);
    expect(await drain(get.body)).toBe(2);
  });

  it("sends the remote's token to its Hub but never to another host it redirects to", async () => {
    // A Hub whose files live on another origin, as huggingface.co's do on its CDN.
    const redirector = createServer((request, response) => {
      response.writeHead(302, { location: `${hub.url}${request.url}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    const { port } = redirector.address() as AddressInfo;
    const viaRedirect = new UpstreamClient({ ...client.config, hubUrl: `http://127.0.0.1:${port}` });
    try {
      const response = await viaRedirect.request("GET", viaRedirect.url("api/models/org/model"), {
        followRedirects: true,
      });
      // The private repo is hidden from a request without the token: the token stayed behind.
      expect(response.status).toBe(401);
      await response.discard();
      expect(hub.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await viaRedirect.close();
      redirector.close();
    }
  });

  it("maps a refused connection to a 502 outage", async () => {
    hub.faults.down = true;
    const error = await client.request("GET", client.url("api/models/org/model")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).status).toBe(502);
    expect(isUpstreamOutage(error)).toBe(true);
  });

  it("maps a silent upstream to a 504 outage", async () => {
    hub.faults.latencyMs = 2000;
    const error = await client.request("GET", client.url("api/models/org/model")).catch((e: unknown) => e);
    expect((error as HubError).status).toBe(504);
    expect(isUpstreamOutage(error)).toBe(true);
  });

  it("does not treat an upstream 4xx as an outage", async () => {
    const response = await client.request("GET", client.url("api/models/org/missing"));
    expect(response.status).toBe(401);
    expect(response.headers.get("x-error-code")).toBe("RepoNotFound");
    await response.discard();
  });
});
