import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isUpstreamOutage, UpstreamClient } from "./client.ts";
import { AppError } from "../errors.ts";

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
  // The stand-in Hub listens on 127.0.0.1: this client is the operator-trusted kind.
  client = new UpstreamClient({
    hubUrl: hub.url,
    token: TOKEN,
    connectTimeoutMs: 1000,
    readTimeoutMs: 500,
    allowPrivateNetwork: true,
  });
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
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(502);
    expect(isUpstreamOutage(error)).toBe(true);
  });

  it("maps a silent upstream to a 504 outage", async () => {
    hub.faults.latencyMs = 2000;
    const error = await client.request("GET", client.url("api/models/org/model")).catch((e: unknown) => e);
    expect((error as AppError).status).toBe(504);
    expect(isUpstreamOutage(error)).toBe(true);
  });

  it("keeps its connection across HEADs: a cold file's look-up costs no new connection (a TLS handshake on the Hub)", async () => {
    let connections = 0;
    const upstream = createServer((request, response) => {
      response.writeHead(200, { "content-length": "2", etag: '"e"' });
      response.end(request.method === "HEAD" ? undefined : "{}");
    });
    upstream.on("connection", () => connections++);
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const { port } = upstream.address() as AddressInfo;
    const local = new UpstreamClient({
      hubUrl: `http://127.0.0.1:${port}`,
      token: null,
      connectTimeoutMs: 1000,
      readTimeoutMs: 1000,
      allowPrivateNetwork: true,
    });
    try {
      for (let i = 0; i < 10; i++) {
        const head = await local.request("HEAD", local.url(`org/model/resolve/main/f${i}`));
        expect(head.status).toBe(200);
        await head.discard();
      }
      const get = await local.request("GET", local.url("org/model/resolve/main/f0"));
      expect(await drain(get.body)).toBe(2);
      // One, or two when undici replaces its first connection (on loopback an answer can beat the end of
      // the request's write); it was one per HEAD.
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      await local.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });

  it("does not treat an upstream 4xx as an outage", async () => {
    const response = await client.request("GET", client.url("api/models/org/missing"));
    expect(response.status).toBe(401);
    expect(response.headers.get("x-error-code")).toBe("RepoNotFound");
    await response.discard();
  });
});

/** A server that records the paths it is asked for and answers each with `status` (and `location`). */
async function sentinel(host = "127.0.0.1", status = 200, location?: string) {
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request.url ?? "");
    response.writeHead(status, { "content-type": "application/json", ...(location ? { location } : {}) });
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function refusal(untrusted: UpstreamClient, path = "api/models/org/model"): Promise<AppError> {
  try {
    const error = await untrusted.request("GET", untrusted.url(path), { followRedirects: true }).then(
      async (response) => {
        await response.discard();
        return new Error(`expected a refusal, got ${response.status}`);
      },
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  } finally {
    await untrusted.close();
  }
}

describe("UpstreamClient: where it may connect", () => {
  const base = { token: TOKEN, connectTimeoutMs: 1000, readTimeoutMs: 500 };

  it("ignores a query or fragment in the base URL: the path cannot be pinned", async () => {
    for (const suffix of ["/?", "?", "/x/..?pin", "#", "/#frag"]) {
      hub.resetRequests();
      const pinned = new UpstreamClient({ ...client.config, hubUrl: `${hub.url}${suffix}` });
      try {
        const response = await pinned.request("GET", pinned.url("api/models/org/model", "?blobs=true"));
        await response.discard();
        expect(hub.requests.map((request) => request.path)).toEqual(["/api/models/org/model?blobs=true"]);
      } finally {
        await pinned.close();
      }
    }
  });

  it("refuses loopback, by address or by a name resolving to it, before connecting", async () => {
    const port = new URL(hub.url).port;
    for (const hubUrl of [
      hub.url,
      `http://localhost:${port}`,
      `http://[::ffff:127.0.0.1]:${port}`,
      `http://[::1]:${port}`,
      `http://0.0.0.0:${port}`,
      "http://169.254.169.254",
      "http://10.255.255.1",
    ]) {
      const started = performance.now();
      const error = await refusal(new UpstreamClient({ ...base, hubUrl }));
      expect(error.status, hubUrl).toBe(502);
      expect(error.message, hubUrl).toBe("upstream address not allowed");
      // Refused, not tried: no connect timeout was waited for.
      expect(performance.now() - started, hubUrl).toBeLessThan(500);
    }
    expect(hub.requests).toHaveLength(0);
  });

  it("checks every connection, so also a redirect followed server-side", async () => {
    // Only 127.0.0.1 counts as public here, so a redirect to 127.0.0.2 stands for one to a private host.
    const target = await sentinel("127.0.0.2");
    const redirector = await sentinel("127.0.0.1", 302, `http://127.0.0.2:${target.port}/latest/meta-data`);
    try {
      const onlyLoopbackOne = (address: string) => address !== "127.0.0.1";
      const untrusted = new UpstreamClient(
        { ...base, hubUrl: `http://127.0.0.1:${redirector.port}` },
        undefined,
        onlyLoopbackOne,
      );
      const error = await refusal(untrusted);
      expect(error.message).toBe("upstream address not allowed");
      expect(redirector.seen).toHaveLength(1);
      expect(target.seen).toHaveLength(0);
    } finally {
      await redirector.close();
      await target.close();
    }
  });

  it("lets a trusted remote reach private addresses, and names itself in Via", async () => {
    const trusted = new UpstreamClient({ ...client.config, via: "1.1 hubcache-test" });
    try {
      const response = await trusted.request("GET", trusted.url("api/models/org/model"));
      expect(response.status).toBe(200);
      await response.discard();
      expect(hub.requests[0]?.headers.via).toBe("1.1 hubcache-test");
    } finally {
      await trusted.close();
    }
  });
});

describe("an upstream that stops answering", () => {
  it("is marked offline after failures in a row: then requests fail at once, and a probe brings it back", async () => {
    // Accepts connections and never answers: the worst kind of dead Hub.
    const sockets = new Set<import("node:net").Socket>();
    let answering = false;
    const blackHole: Server = createServer((request, response) => {
      if (answering) response.writeHead(200, { "content-type": "application/json" }).end("[]");
    });
    blackHole.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const states: string[] = [];
    const dead = new UpstreamClient(
      {
        hubUrl: `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`,
        token: null,
        connectTimeoutMs: 1000,
        readTimeoutMs: 200,
        allowPrivateNetwork: true,
        offlineAfterFailures: 2,
        probeIntervalMs: 50,
      },
      {
        onResponse: () => undefined,
        onError: () => undefined,
        onStateChange: (_origin, state) => states.push(state),
      },
    );
    const timed = async () => {
      const started = performance.now();
      const error = await dead.request("GET", dead.url("api/models/x")).catch((e: unknown) => e);
      return { error, ms: performance.now() - started };
    };
    try {
      for (let i = 0; i < 2; i++) {
        const { error, ms } = await timed();
        expect(isUpstreamOutage(error)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(150); // waited for the read timeout
      }
      expect(dead.state).toBe("offline");
      expect(states).toEqual(["offline"]);
      const { error, ms } = await timed();
      expect(isUpstreamOutage(error)).toBe(true);
      expect((error as AppError).message).toMatch(/offline/);
      expect(ms).toBeLessThan(50); // no waiting on a dead Hub
      // Nor later: the background probe alone finds out whether it is back. A client request let through
      // as a trial would wait for the timeout, and with it every request coalesced onto the same look-up.
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        const later = await timed();
        expect(isUpstreamOutage(later.error)).toBe(true);
        expect(later.ms).toBeLessThan(50);
      }
      answering = true;
      const deadline = performance.now() + 3000;
      while (dead.state === "offline" && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(states).toEqual(["offline", "online"]);
      const back = await dead.request("GET", dead.url("api/models/x"));
      expect(back.status).toBe(200);
      await back.discard();
    } finally {
      await dead.close();
      for (const socket of sockets) socket.destroy();
      blackHole.close();
    }
  });
});
