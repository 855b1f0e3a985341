import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { remoteOptions, userInTeam } from "../test-fixtures.ts";
import { testRemoteConnection } from "./connection.ts";
import { createRemote, updateRemote } from "./remotes.ts";

const providers = await testProviders();
const TOKEN = "hf_connection_test_token";

describe.each(providers)("testRemoteConnection on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let hub: FakeHub;
  beforeAll(async () => {
    handle = await openTestDb(provider);
    hub = await startFakeHub({ tokens: { [TOKEN]: { user: "alice" } } });
  });
  afterEach(() => {
    hub.faults.down = false;
  });
  afterAll(async () => {
    await hub.close();
    await handle.dispose();
  });

  it("reaches the hub and checks a valid token with whoami, without showing the token", async () => {
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(
      handle.db,
      owner,
      { name: "hf", hubUrl: hub.url, hfToken: TOKEN },
      remoteOptions,
    );
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toMatchObject({ reachable: true, status: 200, tokenValid: true, user: "alice" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    const whoami = hub.requests.filter((r) => r.path === "/api/whoami-v2").at(-1);
    expect(whoami?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("reports a refused token", async () => {
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(
      handle.db,
      owner,
      { name: "hf", hubUrl: hub.url, hfToken: "hf_not_a_valid_token" },
      remoteOptions,
    );
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toMatchObject({ reachable: true, status: 401, tokenValid: false });
    expect(JSON.stringify(result)).not.toContain("hf_not_a_valid_token");
  });

  it("without a token, checks only that the hub answers", async () => {
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(handle.db, owner, { name: "hf", hubUrl: hub.url }, remoteOptions);
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result).toMatchObject({ reachable: true, tokenValid: null });
    const last = hub.requests.at(-1);
    expect(last?.path).toBe("/api/models?limit=1");
    expect(last?.headers.authorization).toBeUndefined();
  });

  it("reports a hub that is down", async () => {
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(
      handle.db,
      owner,
      { name: "hf", hubUrl: hub.url, hfToken: TOKEN },
      remoteOptions,
    );
    hub.faults.down = true;
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
    expect(result.reachable).toBe(false);
    expect(result.tokenValid).toBeNull();
    expect(result.error).toMatch(/connect/i);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("gives up after the timeout", async () => {
    const owner = await userInTeam(handle.db);
    const remote = await createRemote(handle.db, owner, { name: "hf", hubUrl: hub.url }, remoteOptions);
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason as Error));
        // Stand in for the 10 s wait: abort as the timeout would.
        setTimeout(() => reject(new DOMException("timed out", "TimeoutError")), 10);
      });
    const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions, hanging);
    expect(result).toMatchObject({ reachable: false, tokenValid: null });
    expect(result.error).toMatch(/within 10 s/);
  });

  it("after the URL moves to another host, the old token is not sent there", async () => {
    const owner = await userInTeam(handle.db);
    const other = await startFakeHub({ tokens: { [TOKEN]: { user: "alice" } } });
    try {
      const remote = await createRemote(
        handle.db,
        owner,
        { name: "hf", hubUrl: hub.url, hfToken: TOKEN },
        remoteOptions,
      );
      await updateRemote(handle.db, owner, remote.id, { hubUrl: other.url }, remoteOptions);
      const result = await testRemoteConnection(handle.db, owner, remote.id, remoteOptions);
      expect(result).toMatchObject({ reachable: true, tokenValid: null });
      expect(other.requests.length).toBeGreaterThan(0);
      for (const request of other.requests) expect(request.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("does not exist for another team", async () => {
    const owner = await userInTeam(handle.db);
    const stranger = await userInTeam(handle.db);
    const remote = await createRemote(
      handle.db,
      owner,
      { name: "hf", hubUrl: hub.url, hfToken: TOKEN },
      remoteOptions,
    );
    const before = hub.requests.length;
    const error = await testRemoteConnection(handle.db, stranger, remote.id, remoteOptions).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(hub.requests.length).toBe(before);
  });
});
