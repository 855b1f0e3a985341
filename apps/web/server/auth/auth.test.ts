import { AppError } from "@hubcache/core/errors";
import { createApiToken, hashToken, revokeApiToken, SecretBox } from "@hubcache/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPulpHandler } from "../pulp.ts";
import { ensureAdminAccount } from "./bootstrap.ts";
import { trustedOrigins } from "./config.ts";
import { createAuthService, type AuthService, type CreateAuthOptions } from "./create-auth.ts";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { parseWebEnv } from "../../lib/env.ts";

type TestDb = Awaited<ReturnType<typeof openTestDb>>;

const providers = await testProviders();
const BASE = "http://localhost:3000";
const SECRET = "auth-test-secret-0123456789abcdefghijklmnopqrstuvwxyz";
/** Stands in for the TCP peer address that installPeerAddressHeader stamps under `next start`. */
const PEER = "x-test-peer";
let ipCounter = 0;
/** A fresh client IP per use, so that rate-limit counters of one test do not affect another. */
const freshIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

function service(
  handle: TestDb,
  baseURL = BASE,
  extra: Partial<Pick<CreateAuthOptions, "trustedProxies" | "peerAddress" | "signInAttemptsPerMinute">> = {},
): AuthService {
  return createAuthService({
    db: handle.db,
    provider: handle.provider,
    baseURL,
    trustedOrigins: trustedOrigins(parseWebEnv({ WEB_PUBLIC_URL: baseURL, WEB_PORT: "3000" })),
    secret: SECRET,
    peerAddress: (request) => request.headers.get(PEER),
    ...extra,
  });
}

function signIn(
  svc: AuthService,
  body: { username: string; password: string },
  options: { ip?: string; origin?: string | null; base?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const base = options.base ?? BASE;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    [PEER]: options.ip ?? freshIp(),
    ...options.headers,
  };
  const origin = options.origin === undefined ? base : options.origin;
  if (origin !== null) headers.origin = origin;
  return svc.handler(
    new Request(`${base}/api/auth/sign-in/username`, { method: "POST", headers, body: JSON.stringify(body) }),
  );
}

/** `name=value` of the session cookie from a response. */
function sessionCookie(response: Response): string | undefined {
  const cookie = response.headers.getSetCookie().find((c) => /session_token=/.test(c));
  return cookie?.split(";")[0];
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

function apiRequest(headers: Record<string, string>, method = "GET", ip = freshIp()): Request {
  return new Request(`${BASE}/api/v1/things`, { method, headers: { [PEER]: ip, ...headers } });
}

/** The AppError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** Runs `fn` with Date.now() moved `ms` ahead (timers are left alone). */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}

describe.each(providers)("auth on %s", { timeout: 60_000 }, (provider) => {
  let handle: TestDb;
  let svc: AuthService;
  let password = "";

  beforeAll(async () => {
    handle = await openTestDb(provider);
    svc = service(handle);
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  describe("ensureAdmin", () => {
    beforeEach(async () => {
      await handle.db.user.deleteMany();
      await handle.db.team.deleteMany();
    });

    it("creates admin once with a printed random password that signs in", async () => {
      const logs: string[] = [];
      const first = await ensureAdminAccount(handle.db, { log: (m) => logs.push(m) });
      expect(first).toMatchObject({ created: true, generatedPassword: true });
      expect(logs).toHaveLength(1);
      const printed = /with the password (\S+)/.exec(logs[0] ?? "")?.[1] ?? "";
      expect(printed.length).toBeGreaterThanOrEqual(20);
      expect(await ensureAdminAccount(handle.db, { log: (m) => logs.push(m) })).toEqual({ created: false });
      expect(logs).toHaveLength(1);
      // stored hashed (better-auth's scrypt format), never in plain text
      const account = await handle.db.account.findFirstOrThrow({ where: { providerId: "credential" } });
      expect(account.password).not.toContain(printed);
      expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);

      const response = await signIn(svc, { username: "admin", password: printed });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { user: { username: string } };
      expect(body.user.username).toBe("admin");
      expect(JSON.stringify(body)).not.toContain(printed);
      expect(
        await svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", printed) })),
      ).toEqual({
        id: first.created ? first.userId : "",
        username: "admin",
      });
    });

    it("uses ADMIN_PASSWORD without logging it", async () => {
      const logs: string[] = [];
      await ensureAdminAccount(handle.db, { password: "from-the-environment", log: (m) => logs.push(m) });
      expect(logs.join("\n")).not.toContain("from-the-environment");
      expect((await signIn(svc, { username: "admin", password: "from-the-environment" })).status).toBe(200);
      expect((await signIn(svc, { username: "Admin", password: "from-the-environment" })).status).toBe(200);
    });

    it("creates a single admin when processes start together", async () => {
      const logs: string[] = [];
      const results = await Promise.all(
        [1, 2, 3].map(() => ensureAdminAccount(handle.db, { log: (m) => logs.push(m) })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(logs).toHaveLength(1);
      expect(await handle.db.user.count()).toBe(1);
      const team = await handle.db.team.findUniqueOrThrow({
        where: { slug: "default" },
        include: { memberships: { include: { user: true } } },
      });
      expect(team.memberships.map((m) => [m.user.username, m.role])).toEqual([["admin", "owner"]]);
    });
  });

  describe("with an admin", () => {
    let adminId = "";
    beforeAll(async () => {
      await handle.db.user.deleteMany();
      await handle.db.team.deleteMany();
      password = "admin-password-for-tests";
      const r = await ensureAdminAccount(handle.db, { password, log: () => undefined });
      if (!r.created) throw new Error("admin not created");
      adminId = r.userId;
    });

    it("signs in with a HttpOnly, SameSite=Lax session cookie that identifies the user", async () => {
      const response = await signIn(svc, { username: "admin", password });
      expect(response.status).toBe(200);
      const setCookie = response.headers
        .getSetCookie()
        .find((c) => c.startsWith("better-auth.session_token="));
      expect(setCookie).toBeDefined();
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(setCookie).not.toMatch(/;\s*Secure/i); // http://localhost
      const cookie = sessionCookie(response) ?? "";
      const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
      expect(token.length).toBeGreaterThan(20);
      // the session token stays in the HttpOnly cookie: not in the JSON page scripts see
      const signInBody = await response.text();
      expect(signInBody).toContain('"username":"admin"');
      expect(signInBody).not.toContain(token);
      const sessionResponse = await svc.handler(
        new Request(`${BASE}/api/auth/get-session`, { headers: { cookie, [PEER]: freshIp() } }),
      );
      const sessionBody = await sessionResponse.text();
      expect(sessionBody).toContain('"username":"admin"');
      expect(sessionBody).not.toContain(token);

      expect(await svc.getSessionUser(new Headers({ cookie }))).toEqual({ id: adminId, username: "admin" });
      expect(await svc.getSessionUser(new Headers({ cookie: `${cookie}x` }))).toBeNull();
      expect(await svc.getSessionUser(new Headers())).toBeNull();

      // the cookie also authenticates REST calls; mutations only from trusted origins
      expect(await svc.authenticateApiRequest(apiRequest({ cookie }))).toMatchObject({ username: "admin" });
      expect(
        await svc.authenticateApiRequest(apiRequest({ cookie, origin: "http://127.0.0.1:3000" }, "POST")),
      ).toMatchObject({ username: "admin" });
      const evil = await refusal(
        svc.authenticateApiRequest(apiRequest({ cookie, origin: "https://evil.example" }, "POST")),
      );
      expect(evil.status).toBe(403);
      expect(
        (
          await refusal(
            svc.authenticateApiRequest(apiRequest({ cookie, "sec-fetch-site": "cross-site" }, "DELETE")),
          )
        ).status,
      ).toBe(403);

      // sign-out ends the session
      const out = await svc.handler(
        new Request(`${BASE}/api/auth/sign-out`, {
          method: "POST",
          headers: { cookie, origin: BASE, [PEER]: freshIp() },
        }),
      );
      expect(out.status).toBe(200);
      expect(await svc.getSessionUser(new Headers({ cookie }))).toBeNull();
    });

    it("never returns a session token in JSON: list-sessions, get-session, change-password", async () => {
      const cookieOf = (response: Response) => sessionCookie(response) ?? "";
      const tokenOf = (cookie: string) => decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
      const first = cookieOf(await signIn(svc, { username: "admin", password }));
      const second = cookieOf(await signIn(svc, { username: "admin", password }));
      const tokens = [tokenOf(first), tokenOf(second)];
      expect(tokens.every((t) => t.length > 20)).toBe(true);
      const call = (path: string, cookie: string, body?: unknown) =>
        svc.handler(
          new Request(`${BASE}/api/auth${path}`, {
            method: body === undefined ? "GET" : "POST",
            headers: { cookie, origin: BASE, "content-type": "application/json", [PEER]: freshIp() },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
        );

      const list = await call("/list-sessions", first);
      expect(list.status).toBe(200);
      const listText = await list.text();
      const sessions = JSON.parse(listText) as Record<string, unknown>[];
      expect(sessions.length).toBeGreaterThanOrEqual(2);
      for (const session of sessions) {
        expect(session).not.toHaveProperty("token");
        expect(session).toHaveProperty("id");
      }
      for (const token of tokens) expect(listText).not.toContain(token);

      // (no session fields to update: switched off)
      expect((await call("/update-session", first, { ipAddress: "x" })).status).toBe(404);

      const current = await call("/get-session", first);
      const currentText = await current.text();
      expect(currentText).toContain('"session"');
      for (const token of tokens) expect(currentText).not.toContain(token);

      const changed = await call("/change-password", second, {
        currentPassword: password,
        newPassword: "a-new-password-for-tests",
        revokeOtherSessions: true,
      });
      expect(changed.status).toBe(200);
      const changedText = await changed.text();
      const renewed = tokenOf(cookieOf(changed));
      expect(renewed.length).toBeGreaterThan(20);
      expect(changedText).toContain('"username":"admin"');
      expect(changedText).not.toContain(renewed);
      expect(JSON.parse(changedText)).not.toHaveProperty("token");
      const back = await call("/change-password", cookieOf(changed), {
        currentPassword: "a-new-password-for-tests",
        newPassword: password,
      });
      expect(back.status).toBe(200);
    });

    it("uses Secure cookies when served over https", async () => {
      const https = service(handle, "https://hub.example.com");
      const response = await signIn(
        https,
        { username: "admin", password },
        { base: "https://hub.example.com" },
      );
      expect(response.status).toBe(200);
      const setCookie = response.headers.getSetCookie().find((c) => /session_token=/.test(c)) ?? "";
      expect(setCookie).toMatch(/^__Secure-better-auth\.session_token=/);
      expect(setCookie).toMatch(/;\s*Secure/i);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
    });

    it("rejects a wrong password and unknown users", async () => {
      const wrong = await signIn(svc, { username: "admin", password: "not-the-password" });
      expect(wrong.status).toBe(401);
      expect(sessionCookie(wrong)).toBeUndefined();
      expect((await signIn(svc, { username: "nobody", password })).status).toBe(401);
    });

    it("refuses a cross-origin sign-in (login CSRF)", async () => {
      const evil = await signIn(svc, { username: "admin", password }, { origin: "https://evil.example" });
      expect(evil.status).toBe(403);
      expect(sessionCookie(evil)).toBeUndefined();
      const withCookie = await signIn(
        svc,
        { username: "admin", password },
        { origin: "https://evil.example", headers: { cookie: "better-auth.session_token=x" } },
      );
      expect(withCookie.status).toBe(403);
      const fetchMetadata = await signIn(
        svc,
        { username: "admin", password },
        { origin: null, headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" } },
      );
      expect(fetchMetadata.status).toBe(403);
      // the same-origin loopback spelling is fine
      const loopback = await signIn(
        svc,
        { username: "admin", password },
        { origin: "http://127.0.0.1:3000" },
      );
      expect(loopback.status).toBe(200);
    });

    it("rate-limits sign-in to 5 attempts a minute per IP", async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        expect(
          (await signIn(svc, { username: "admin", password: `wrong-${i}-password` }, { ip })).status,
        ).toBe(401);
      }
      const limited = await signIn(svc, { username: "admin", password }, { ip });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
      expect(limited.headers.get("retry-after")).toBe(limited.headers.get("x-retry-after"));
      expect(sessionCookie(limited)).toBeUndefined();
      expect((await signIn(svc, { username: "admin", password }, { ip: freshIp() })).status).toBe(200);
    });

    it("ignores X-Forwarded-For from a peer that is not a trusted proxy: rotating it gets nowhere", async () => {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const wrong = await signIn(
          svc,
          { username: "admin", password: `wrong-${i}-password` },
          { ip, headers: { "x-forwarded-for": `203.0.113.${i}` } },
        );
        statuses.push(wrong.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      const right = () =>
        signIn(svc, { username: "admin", password }, { ip, headers: { "x-forwarded-for": "203.0.113.200" } });
      const limited = await right();
      expect(limited.status).toBe(429);
      expect(sessionCookie(limited)).toBeUndefined();
      // still refused well into the window, let in once it has passed
      expect((await later(30_000, right)).status).toBe(429);
      expect((await later(61_000, right)).status).toBe(200);
    });

    it("counts failed sign-ins per client and username, below better-auth's per-client limit", async () => {
      // better-auth's own limit (attempts per client, right or wrong) set high, to see the failure counter
      const lenient = service(handle, BASE, { signInAttemptsPerMinute: 100 });
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        const wrong = await signIn(lenient, { username: "admin", password: `wrong-${i}` }, { ip });
        expect(wrong.status).toBe(401);
      }
      expect((await signIn(lenient, { username: "ADMIN", password }, { ip })).status).toBe(429);
      // the same client with another username, and another client with this one, are not locked out
      expect((await signIn(lenient, { username: "nobody", password }, { ip })).status).toBe(401);
      expect((await signIn(lenient, { username: "admin", password }, { ip: freshIp() })).status).toBe(200);
    });

    it("believes X-Forwarded-For hop by hop from TRUSTED_PROXIES only", async () => {
      const proxied = service(handle, BASE, { trustedProxies: ["10.250.0.0/16", "fd00::1"] });
      const proxy = "10.250.0.7";
      const client = `192.0.2.${(ipCounter++ % 200) + 1}`;
      // the client's own X-Forwarded-For entries (left) are not believed; the proxy appended the real one
      for (let i = 0; i < 12; i++) {
        const wrong = await signIn(
          proxied,
          { username: "admin", password: `wrong-${i}` },
          { ip: proxy, headers: { "x-forwarded-for": `203.0.113.${i}, ${client}` } },
        );
        expect(wrong.status).toBe(i < 5 ? 401 : 429);
      }
      const viaProxy = (forwardedFor: string, peer = proxy) =>
        signIn(
          proxied,
          { username: "admin", password },
          { ip: peer, headers: { "x-forwarded-for": forwardedFor } },
        );
      expect((await viaProxy(`203.0.113.99, ${client}`)).status).toBe(429);
      // a second trusted hop (IPv6, mapped IPv4 spelling of the first) changes nothing
      expect((await viaProxy(`${client}, ::ffff:${proxy}`, "fd00::1")).status).toBe(429);
      // another client behind the same proxy signs in; its address is the session's
      const other = `198.51.100.${(ipCounter++ % 200) + 1}`;
      const signedIn = await viaProxy(other);
      expect(signedIn.status).toBe(200);
      const token = decodeURIComponent(sessionCookie(signedIn)?.split("=")[1] ?? "").split(".")[0] ?? "";
      const session = await handle.db.session.findUniqueOrThrow({ where: { token } });
      expect(session.ipAddress).toBe(other);
    });

    it("with the peer unknown, all clients share one counter per username", async () => {
      const unknownPeer = service(handle, BASE, { peerAddress: () => null });
      for (let i = 0; i < 5; i++) {
        const wrong = await signIn(
          unknownPeer,
          { username: "admin", password: `wrong-${i}` },
          { headers: { "x-forwarded-for": `203.0.113.${i}` } },
        );
        expect(wrong.status).toBe(401);
      }
      expect(
        (
          await signIn(
            unknownPeer,
            { username: "admin", password },
            { headers: { "x-forwarded-for": "192.0.2.1" } },
          )
        ).status,
      ).toBe(429);
      await later(61_000, async () => {
        expect((await signIn(unknownPeer, { username: "admin", password })).status).toBe(200);
      });
    });

    it("shares the failure counter between the sign-in form and HTTP Basic", async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        expect((await signIn(svc, { username: "admin", password: `wrong-${i}` }, { ip })).status).toBe(401);
      }
      const basicRefused = await refusal(
        svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", password) }, "GET", ip)),
      );
      expect(basicRefused.status).toBe(429);

      const other = freshIp();
      for (let i = 0; i < 5; i++) {
        expect(
          await svc.authenticateApiRequest(
            apiRequest({ authorization: basic("Admin", `bad-${i}`) }, "GET", other),
          ),
        ).toBeNull();
      }
      const formRefused = await signIn(svc, { username: "admin", password }, { ip: other });
      expect(formRefused.status).toBe(429);
      expect(Number(formRefused.headers.get("retry-after"))).toBeGreaterThan(0);
      // a right password clears the counter
      const third = freshIp();
      await signIn(svc, { username: "admin", password: "wrong-once" }, { ip: third });
      expect((await signIn(svc, { username: "admin", password }, { ip: third })).status).toBe(200);
      expect(await handle.db.rateLimit.count({ where: { key: { startsWith: `sign-in|${third}|` } } })).toBe(
        0,
      );
    });

    it("counts HTTP Basic attempts in the sign-in form's per-client limit: rotating usernames gains nothing", async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        const guess = basic(`user-${i}`, `guess-${i}`);
        expect(await svc.authenticateApiRequest(apiRequest({ authorization: guess }, "GET", ip))).toBeNull();
      }
      // a sixth username over REST, and the right password of a real one, are refused for this client
      const sixth = await refusal(
        svc.authenticateApiRequest(apiRequest({ authorization: basic("user-6", "guess") }, "GET", ip)),
      );
      expect(sixth.status).toBe(429);
      const right = await refusal(
        svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", password) }, "GET", ip)),
      );
      expect(right.status).toBe(429);
      // and so is the console's form, which shares the limit
      expect((await signIn(svc, { username: "admin", password }, { ip })).status).toBe(429);
      // another client is not
      const other = apiRequest({ authorization: basic("admin", password) }, "GET", freshIp());
      expect(await svc.authenticateApiRequest(other)).toMatchObject({ username: "admin" });
    });

    it("does not offer sign-up or username probing", async () => {
      const signUp = await svc.handler(
        new Request(`${BASE}/api/auth/sign-up/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: BASE, [PEER]: freshIp() },
          body: JSON.stringify({
            email: "m@x.test",
            password: "password123",
            name: "m",
            username: "mallory",
          }),
        }),
      );
      expect(signUp.status).toBe(404);
      expect(await handle.db.user.count()).toBe(1);
      const probe = await svc.handler(
        new Request(`${BASE}/api/auth/is-username-available`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: BASE, [PEER]: freshIp() },
          body: JSON.stringify({ username: "admin" }),
        }),
      );
      expect(probe.status).toBe(404);
    });

    describe("HTTP Basic", () => {
      it("accepts the right password and rejects a wrong one", async () => {
        expect(
          await svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", password) })),
        ).toEqual({
          id: adminId,
          username: "admin",
        });
        // (served from the verification cache the second time)
        expect(
          await svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", password) })),
        ).toEqual({
          id: adminId,
          username: "admin",
        });
        expect(
          await svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", "nope-nope") })),
        ).toBeNull();
        expect(
          await svc.authenticateApiRequest(apiRequest({ authorization: basic("ghost", password) })),
        ).toBeNull();
        expect(await svc.authenticateApiRequest(apiRequest({ authorization: "Basic !!!" }))).toBeNull();
        expect(await svc.authenticateApiRequest(apiRequest({ authorization: "Digest x" }))).toBeNull();
        // a browser page of another origin cannot use remembered credentials
        const evil = await refusal(
          svc.authenticateApiRequest(
            apiRequest({ authorization: basic("admin", password), origin: "https://evil.example" }, "POST"),
          ),
        );
        expect(evil.status).toBe(403);
      });

      it("refuses (429) after 5 failures a minute per client and username, even the right password", async () => {
        const ip = freshIp();
        for (let i = 0; i < 5; i++) {
          expect(
            await svc.authenticateApiRequest(
              apiRequest({ authorization: basic("admin", `bad-${i}`) }, "GET", ip),
            ),
          ).toBeNull();
        }
        const limited = await refusal(
          svc.authenticateApiRequest(apiRequest({ authorization: basic("admin", password) }, "GET", ip)),
        );
        expect(limited.status).toBe(429);
        expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
        // other clients are not locked out
        expect(
          await svc.authenticateApiRequest(
            apiRequest({ authorization: basic("admin", password) }, "GET", freshIp()),
          ),
        ).toMatchObject({ username: "admin" });
      });

      it("REST: a state-changing request from another site is 403 with a cookie or Basic, fine with Bearer", async () => {
        const pulp = createPulpHandler({
          db: handle.db,
          secrets: SecretBox.fromSecret("rest-test"),
          urlAllowlist: ["https://huggingface.co"],
          contentUrl: "http://localhost:8080",
          auth: svc,
        });
        const cookie = sessionCookie(await signIn(svc, { username: "admin", password })) ?? "";
        const { token } = await createApiToken(handle.db, adminId, "script");
        const post = (headers: Record<string, string>) =>
          pulp(
            new Request(`${BASE}/pulp/api/v3/remotes/hugging_face/hugging-face/`, {
              method: "POST",
              headers: { "content-type": "application/json", [PEER]: freshIp(), ...headers },
              body: JSON.stringify({ name: "" }), // invalid: a request that gets through answers 400
            }),
          );
        const evil = { origin: "https://evil.example" };
        const refused = await post({ cookie, ...evil });
        expect(refused.status).toBe(403);
        expect(await refused.json()).toEqual({ detail: "Cross-site request refused." });
        expect((await post({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
        expect((await post({ authorization: basic("admin", password), ...evil })).status).toBe(403);
        expect((await post(evil)).status).toBe(403);
        expect((await post({ authorization: `Bearer ${token}`, ...evil })).status).toBe(400);
        // scripts send no Origin: Basic, Bearer and the cookie all work
        expect((await post({ authorization: basic("admin", password) })).status).toBe(400);
        expect((await post({ authorization: `Bearer ${token}` })).status).toBe(400);
        expect((await post({ cookie, origin: BASE })).status).toBe(400);
      });

      it("REST: 20 wrong passwords with a rotating X-Forwarded-For, then the right one is 429", async () => {
        const pulp = createPulpHandler({
          db: handle.db,
          secrets: SecretBox.fromSecret("rest-test"),
          urlAllowlist: ["https://huggingface.co"],
          contentUrl: "http://localhost:8080",
          auth: svc,
        });
        const ip = freshIp();
        const remotes = (authorization: string, i: number) =>
          pulp(
            new Request(`${BASE}/pulp/api/v3/remotes/hugging_face/hugging-face/`, {
              headers: { authorization, [PEER]: ip, "x-forwarded-for": `198.51.100.${i}` },
            }),
          );
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await remotes(basic("admin", `wrong-${i}`), i)).status);
        expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(15).fill(429)]);
        const right = await remotes(basic("admin", password), 99);
        expect(right.status).toBe(429);
        expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await right.json()).toEqual({ detail: expect.stringMatching(/Too many failed sign-ins/) });
        // until the window has passed
        expect((await later(61_000, () => remotes(basic("admin", password), 100))).status).toBe(200);
      });
    });

    describe("API tokens", () => {
      it("authenticates with a created token until it is revoked; stores only its hash", async () => {
        const { token, id } = await createApiToken(handle.db, adminId, "laptop");
        const row = await handle.db.apiToken.findUniqueOrThrow({ where: { id } });
        expect(row.secretHash).toBe(hashToken(token));
        expect(Object.values(row).map(String).join(" ")).not.toContain(token);

        expect(await svc.authenticateApiRequest(apiRequest({ authorization: `Bearer ${token}` }))).toEqual({
          id: adminId,
          username: "admin",
        });
        // Bearer tokens are not ambient credentials: no origin check
        expect(
          await svc.authenticateApiRequest(
            apiRequest({ authorization: `Bearer ${token}`, origin: "https://other.example" }, "POST"),
          ),
        ).toMatchObject({ username: "admin" });
        expect((await handle.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(
          Date,
        );
        expect(
          await svc.authenticateApiRequest(apiRequest({ authorization: `Bearer ${token}0` })),
        ).toBeNull();

        expect(await revokeApiToken(handle.db, adminId, id)).toBe(true);
        expect(await svc.authenticateApiRequest(apiRequest({ authorization: `Bearer ${token}` }))).toBeNull();
      });

      it("rejects expired tokens", async () => {
        const { token } = await createApiToken(handle.db, adminId, "old", new Date(Date.now() - 1000));
        expect(await svc.authenticateApiRequest(apiRequest({ authorization: `Bearer ${token}` }))).toBeNull();
        const { token: fresh } = await createApiToken(
          handle.db,
          adminId,
          "new",
          new Date(Date.now() + 60_000),
        );
        expect(
          await svc.authenticateApiRequest(apiRequest({ authorization: `Bearer ${fresh}` })),
        ).toMatchObject({
          username: "admin",
        });
      });

      it("does not fall back to the cookie when an Authorization header is given", async () => {
        const cookie = sessionCookie(await signIn(svc, { username: "admin", password })) ?? "";
        expect(await svc.authenticateApiRequest(apiRequest({ cookie }))).toMatchObject({ username: "admin" });
        expect(
          await svc.authenticateApiRequest(apiRequest({ cookie, authorization: "Bearer nope" })),
        ).toBeNull();
      });
    });
  });
});

describe("trustedOrigins", () => {
  it("has the public URL and the loopback spellings", () => {
    expect(trustedOrigins(parseWebEnv({}))).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
    ]);
    expect(
      trustedOrigins(parseWebEnv({ WEB_PUBLIC_URL: "https://hub.example.com/console", WEB_PORT: "8000" })),
    ).toEqual([
      "https://hub.example.com",
      "http://localhost:8000",
      "http://127.0.0.1:8000",
      "http://[::1]:8000",
    ]);
  });
});
