import { generateToken, hashToken } from "@hubcache/db";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { addPrivateDistribution, eventually, REMOTE_TOKEN, startStack, type Stack } from "./harness.ts";

let stack: Stack;
let privateUrl: string;
let secret: string;

beforeAll(async () => {
  stack = await startStack();
  ({ base: privateUrl, token: secret } = await addPrivateDistribution(stack, "team-a/private"));
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.hub.resetFaults();
  stack.hub.resetRequests();
});

const configPath = "demo/tiny-model/resolve/main/config.json";

describe("private distributions", () => {
  test("refuse requests without a token, or with an unknown one", async () => {
    const anonymous = await stack.request(`${privateUrl}/${configPath}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-error-message")).toMatch(/private/);
    const wrong = await stack.request(`${privateUrl}/${configPath}`, {
      headers: { authorization: "Bearer hc_nope" },
    });
    expect(wrong.status).toBe(401);
    expect(stack.hub.requests.length).toBe(0);
  });

  test("serve a valid token, also at the seed's /pulp/content/ path", async () => {
    const headers = { authorization: `Bearer ${secret}` };
    expect((await stack.request(`${privateUrl}/${configPath}`, { headers })).status).toBe(200);
    expect(
      (await stack.request(`${stack.server.url}/pulp/content/team-a/private/${configPath}`, { headers }))
        .status,
    ).toBe(200);
  });

  test("whoami-v2 names the token", async () => {
    const response = await stack.request(`${privateUrl}/api/whoami-v2`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).name).toBe("ci");
  });

  test("a revoked token stops working within seconds", async () => {
    const team = await stack.database.db.team.findFirstOrThrow();
    const revocable = generateToken();
    const row = await stack.database.db.contentToken.create({
      data: { teamId: team.id, name: "temp", secretHash: hashToken(revocable) },
    });
    const headers = { authorization: `Bearer ${revocable}` };
    expect((await stack.request(`${privateUrl}/${configPath}`, { headers })).status).toBe(200);
    await stack.database.db.contentToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await eventually(async () =>
      expect((await stack.request(`${privateUrl}/${configPath}`, { headers })).status).toBe(401),
    );
  });

  test("an expired token is refused", async () => {
    const team = await stack.database.db.team.findFirstOrThrow();
    const expired = generateToken();
    await stack.database.db.contentToken.create({
      data: {
        teamId: team.id,
        name: "old",
        secretHash: hashToken(expired),
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    const response = await stack.request(`${privateUrl}/${configPath}`, {
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(response.status).toBe(401);
  });
});

describe("tokens and the upstream", () => {
  test("a public distribution ignores unknown tokens (a user's real HF token)", async () => {
    const response = await stack.request(`${stack.endpoint}/${configPath}`, {
      headers: { authorization: "Bearer hf_users_own" },
    });
    expect(response.status).toBe(200);
  });

  test("the client's token never goes upstream; the remote's token does", async () => {
    await stack.request(`${stack.endpoint}/gpt2/resolve/main/config.json`, {
      headers: { authorization: "Bearer hf_users_own" },
    });
    await stack.request(`${privateUrl}/api/models/gpt2`, { headers: { authorization: `Bearer ${secret}` } });
    expect(stack.hub.requests.length).toBeGreaterThan(0);
    for (const request of stack.hub.requests) {
      const sent = String(request.headers.authorization ?? "");
      expect(sent).not.toContain("hf_users_own");
      expect(sent).not.toContain(secret);
      if (!request.path.startsWith("/cdn-lfs/")) expect(sent).toBe(`Bearer ${REMOTE_TOKEN}`);
    }
  });

  test("private and gated upstream repos answer with the Hub's codes", async () => {
    stack.hub.addRepo({ id: "secret/model", private: true, files: { "a.txt": "a" } });
    stack.hub.addRepo({ id: "gated/model", gated: true, files: { "a.txt": "a" } });
    const db = stack.database.db;
    const team = await db.team.findFirstOrThrow();
    // A remote without an HF token: the Hub hides private repos from it and refuses gated ones.
    const anonymous = await db.remote.create({
      data: { teamId: team.id, name: "anonymous", hubUrl: stack.hub.url },
    });
    await db.distribution.create({
      data: { teamId: team.id, name: "anonymous", basePath: "anonymous", remoteId: anonymous.id },
    });
    const base = `${stack.server.url}/anonymous`;
    await eventually(async () => {
      const hidden = await stack.request(`${base}/secret/model/resolve/main/a.txt`);
      expect(hidden.status).toBe(401);
      expect(hidden.headers.get("x-error-code")).toBe("RepoNotFound");
    });
    const gated = await stack.request(`${base}/gated/model/resolve/main/a.txt`);
    expect(gated.status).toBe(403);
    expect(gated.headers.get("x-error-code")).toBe("GatedRepo");
  });
});
