/**
 * CSRF on the console's tRPC endpoint, through the app's own route handlers (`/api/auth/*` and
 * `/api/trpc/*`) on a fresh SQLite database: a mutation from a page of another site is refused 403.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-web-trpc-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data", "hubcache.db")}`;
process.env.BETTER_AUTH_SECRET = "trpc-origin-test-secret-0123456789abcdefghijklmnop";
process.env.HUBCACHE_SECRET = "trpc-origin-test";
process.env.WEB_PUBLIC_URL = "http://localhost:3000";

const BASE = "http://localhost:3000";
const PASSWORD = "admin-password-for-tests";

const { database } = await import("../../lib/db.ts");
const { ensureAdminAccount } = await import("../auth/bootstrap.ts");
const authRoute = await import("../../app/api/auth/[...all]/route.ts");
const trpcRoute = await import("../../app/api/trpc/[trpc]/route.ts");

let cookie = "";

function createTeam(name: string, headers: Record<string, string>): Promise<Response> {
  return trpcRoute.POST(
    new Request(`${BASE}/api/trpc/team.create`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      // The console's tRPC link sends superjson: `{ json: input }`.
      body: JSON.stringify({ json: { data: { name } } }),
    }),
  );
}

async function teamNames(): Promise<string[]> {
  const { db } = await database();
  return (await db.team.findMany({ orderBy: { name: "asc" } })).map((t) => t.name);
}

describe("tRPC mutations", () => {
  beforeAll(async () => {
    const { db } = await database();
    await ensureAdminAccount(db, { password: PASSWORD, log: () => undefined });
    const response = await authRoute.POST(
      new Request(`${BASE}/api/auth/sign-in/username`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE },
        body: JSON.stringify({ username: "admin", password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    cookie =
      response.headers
        .getSetCookie()
        .find((c) => /session_token=/.test(c))
        ?.split(";")[0] ?? "";
    expect(cookie).not.toBe("");
  }, 60_000);

  afterAll(async () => {
    await (await database()).close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("run from the console's own origin, or from no browser page at all", async () => {
    expect(
      (await createTeam("same-origin", { cookie, origin: BASE, "sec-fetch-site": "same-origin" })).status,
    ).toBe(200);
    expect((await createTeam("no-origin", { cookie })).status).toBe(200);
    expect(await teamNames()).toEqual(expect.arrayContaining(["same-origin", "no-origin"]));
  });

  it("are refused (403) from a page of another site, and change nothing", async () => {
    const crossOrigin = await createTeam("evil-origin", { cookie, origin: "https://evil.example" });
    expect(crossOrigin.status).toBe(403);
    const fetchMetadata = await createTeam("evil-fetch-metadata", { cookie, "sec-fetch-site": "cross-site" });
    expect(fetchMetadata.status).toBe(403);
    const sameSite = await createTeam("evil-same-site", { cookie, "sec-fetch-site": "same-site" });
    expect(sameSite.status).toBe(403);
    const opaque = await createTeam("evil-null", { cookie, origin: "null" });
    expect(opaque.status).toBe(403);
    expect(await teamNames()).not.toEqual(expect.arrayContaining([expect.stringMatching(/^evil-/)]));
  });

  it("leave queries alone (a GET is not state-changing)", async () => {
    const response = await trpcRoute.GET(
      new Request(`${BASE}/api/trpc/team.list`, { headers: { cookie, "sec-fetch-site": "cross-site" } }),
    );
    expect(response.status).toBe(200);
  });
});
