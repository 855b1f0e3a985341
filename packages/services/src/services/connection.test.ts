import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { instanceAdmin, rejection, remoteOptions, userInTeam } from "../test-fixtures.ts";
import type { Actor } from "./access.ts";
import { testRemoteConnection, UNREACHABLE } from "./connection.ts";
import { createRemote, updateRemote, type RemoteOptions } from "./remotes.ts";

const providers = await testProviders();
const TOKEN = "hf_connection_test_token";

/** A server on 127.0.0.1 (closed again by `close`); resolves its URL. */
async function listen(server: Server | HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: Server | HttpServer) => new Promise<void>((resolve) => server.close(() => resolve()));

describe.each(providers)("testRemoteConnection on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let hub: FakeHub;
  beforeAll(async () => {
    handle = await openTestDb(provider);
    hub = await startFakeHub({ tokens: { [TOKEN]: { user: "alice" } } });
  });
  afterEach(() => {
    hub.faults.down = false;
    hub.faults.latencyMs = 0;
    hub.faults.status = null;
  });
  afterAll(async () => {
    await hub.close();
    await handle.dispose();
  });

  async function remoteAt(hubUrl: string, hfToken?: string, owner?: Actor & { teamId: string }) {
    const actor = owner ?? (await userInTeam(handle.db));
    const remote = await createRemote(handle.db, actor, { name: "hf", hubUrl, hfToken }, remoteOptions);
    return { owner: actor, remote };
  }

  it("reaches the hub and checks a valid token with whoami, without showing the token", async () => {
    const { owner, remote } = await remoteAt(hub.url, TOKEN);
    hub.faults.latencyMs = 120;
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toEqual({
      reachable: true,
      status: 200,
      latencyMs: expect.any(Number),
      tokenValid: true,
      user: "alice",
    });
    // The hub took 120 ms to answer: that is what is measured (a whole number of ms, under the timeout).
    expect(Number.isInteger(result.latencyMs)).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(115);
    expect(result.latencyMs).toBeLessThan(10_000);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    const whoami = hub.requests.filter((r) => r.path === "/api/whoami-v2").at(-1);
    expect(whoami?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("reports a refused token", async () => {
    const { owner, remote } = await remoteAt(hub.url, "hf_not_a_valid_token");
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toMatchObject({ reachable: true, status: 401, tokenValid: false });
    expect(JSON.stringify(result)).not.toContain("hf_not_a_valid_token");
  });

  it("without a token, checks only that the hub answers", async () => {
    const { owner, remote } = await remoteAt(hub.url);
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toMatchObject({ reachable: true, tokenValid: null });
    const last = hub.requests.at(-1);
    expect(last?.path).toBe("/api/models?limit=1");
    expect(last?.headers.authorization).toBeUndefined();
  });

  it("tells nothing about why a hub is unreachable: reset, closed port, not HTTP, timeout look alike", async () => {
    const owner = await userInTeam(handle.db);
    const unreachable = { reachable: false, tokenValid: null, error: UNREACHABLE };

    hub.faults.down = true; // the connection is reset
    const reset = await remoteAt(hub.url, TOKEN, owner);
    expect(await testRemoteConnection(handle.db, owner, reset.remote.id, remoteOptions)).toEqual(unreachable);
    await updateRemote(handle.db, owner, reset.remote.id, { name: "reset" }, remoteOptions);

    const closedServer = createTcpServer();
    const closedUrl = await listen(closedServer);
    await close(closedServer); // nothing listens there any more
    const closed = await remoteAt(closedUrl, undefined, owner);
    expect(await testRemoteConnection(handle.db, owner, closed.remote.id, remoteOptions)).toEqual(
      unreachable,
    );
    await updateRemote(handle.db, owner, closed.remote.id, { name: "closed" }, remoteOptions);

    const banner = createTcpServer((socket) => {
      socket.write("SSH-2.0-OpenSSH_9.6\r\n", () => socket.destroy());
    });
    try {
      const notHttp = await remoteAt(await listen(banner), undefined, owner);
      const result = await testRemoteConnection(handle.db, owner, notHttp.remote.id, remoteOptions);
      expect(result).toEqual(unreachable);
      await updateRemote(handle.db, owner, notHttp.remote.id, { name: "not-http" }, remoteOptions);
    } finally {
      await close(banner);
    }

    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason as Error));
        // Stand in for the 10 s wait: abort as the timeout would.
        setTimeout(() => reject(new DOMException("timed out", "TimeoutError")), 10);
      });
    const slow = await remoteAt(hub.url, undefined, owner);
    const timedOut = await testRemoteConnection(handle.db, owner, slow.remote.id, remoteOptions, hanging);
    expect(timedOut).toEqual(unreachable);
  });

  it("keeps the status of an HTTP error answer, without its body", async () => {
    const { owner, remote } = await remoteAt(hub.url, TOKEN);
    hub.faults.status = 503;
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toEqual({
      reachable: false,
      status: 503,
      latencyMs: expect.any(Number),
      tokenValid: null,
      error: UNREACHABLE,
    });
  });

  it("does not follow redirects: the token stays with the configured host", async () => {
    const elsewhere = await startFakeHub({ tokens: { [TOKEN]: { user: "alice" } } });
    const redirector = createHttpServer((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/api/whoami-v2` }).end();
    });
    try {
      const { owner, remote } = await remoteAt(await listen(redirector), TOKEN);
      const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
      expect(result).toMatchObject({ reachable: true, status: 302, tokenValid: null });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await close(redirector);
      await elsewhere.close();
    }
  });

  it("after the URL moves to another host, the old token is not sent there", async () => {
    const other = await startFakeHub({ tokens: { [TOKEN]: { user: "alice" } } });
    try {
      const { owner, remote } = await remoteAt(hub.url, TOKEN);
      await updateRemote(handle.db, owner, remote.id, { hubUrl: other.url }, remoteOptions);
      const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
      expect(result).toMatchObject({ reachable: true, tokenValid: null });
      expect(other.requests.length).toBeGreaterThan(0);
      for (const request of other.requests) expect(request.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("is for the team's admins and owners: members get 403, other teams 404, and the hub hears nothing", async () => {
    const { owner, remote } = await remoteAt(hub.url, TOKEN);
    const admin = await userInTeam(handle.db, "admin", owner.teamId);
    const member = await userInTeam(handle.db, "member", owner.teamId);
    const stranger = await userInTeam(handle.db);
    const before = hub.requests.length;
    expect((await rejection(testRemoteConnection(handle.db, member, remote.id, remoteOptions))).status).toBe(
      403,
    );
    expect(
      (await rejection(testRemoteConnection(handle.db, stranger, remote.id, remoteOptions))).status,
    ).toBe(404);
    expect(hub.requests.length).toBe(before);
    expect((await testRemoteConnection(handle.db, admin, remote.id, remoteOptions)).tokenValid).toBe(true);
  });

  it("refuses a URL outside the allowlist as saving does, except for the instance admin", async () => {
    const admin = await instanceAdmin(handle.db);
    const teamAdmin = await userInTeam(handle.db, "admin", admin.teamId);
    const remote = await createRemote(
      handle.db,
      admin,
      { name: `op-${provider}`, hubUrl: hub.url, hfToken: TOKEN },
      remoteOptions,
    );
    const narrow: RemoteOptions = { ...remoteOptions, urlAllowlist: ["https://huggingface.co"] };
    const before = hub.requests.length;
    const error = await rejection(testRemoteConnection(handle.db, teamAdmin, remote.id, narrow));
    expect(error.status).toBe(400);
    const saving = await rejection(
      updateRemote(handle.db, teamAdmin, remote.id, { hubUrl: `${hub.url}/x` }, narrow),
    );
    expect(error.fields).toEqual(saving.fields);
    expect(hub.requests.length).toBe(before);
    // The instance admin may test it, over the same connection rule as the content server's: a hub on a
    // private address outside the allowlist is refused at connect time, unless it is the operator's HUB_URL.
    expect(await testRemoteConnection(handle.db, admin, remote.id, narrow)).toEqual({
      reachable: false,
      tokenValid: null,
      error: UNREACHABLE,
    });
    expect(hub.requests.length).toBe(before);
    const operators: RemoteOptions = { ...narrow, operatorHubUrl: `${hub.url}/` };
    expect(await testRemoteConnection(handle.db, admin, remote.id, operators)).toMatchObject({
      reachable: true,
      status: 200,
      tokenValid: true,
    });
  });

  it("refuses a name that resolves to a loopback address too, when the remote is not trusted", async () => {
    const admin = await instanceAdmin(handle.db);
    const port = new URL(hub.url).port;
    const remote = await createRemote(
      handle.db,
      admin,
      { name: `localhost-${provider}`, hubUrl: `http://localhost:${port}` },
      remoteOptions,
    );
    const narrow: RemoteOptions = { ...remoteOptions, urlAllowlist: ["https://huggingface.co"] };
    const before = hub.requests.length;
    expect(await testRemoteConnection(handle.db, admin, remote.id, narrow)).toMatchObject({
      reachable: false,
    });
    expect(hub.requests.length).toBe(before);
  });
});
