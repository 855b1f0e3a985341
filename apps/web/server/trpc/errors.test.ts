/**
 * What the browser learns when a tRPC call fails, through the real handler (superjson on the wire): a
 * known refusal keeps its message and field errors; anything else is "Internal error (request id …)",
 * with the details only in the log, under the same request id.
 */
import type { Actor } from "@hubcache/services";
import { userInTeam } from "@hubcache/services/test-fixtures";
import type { Db } from "@hubcache/db";
import { openTestDb } from "@hubcache/db/test-support";
import pino from "pino";
import { Writable } from "node:stream";
import superjson, { type SuperJSONResult } from "superjson";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTrpcHandler } from "./handler.ts";
import type { Context } from "./init.ts";
import { testContext } from "./test-support.ts";

const BASE = "http://localhost:3000";
/** What a Prisma error says: table and column names, a query. It must never reach the browser. */
const DATABASE_DETAIL = "Invalid `prisma.remote.findMany()` invocation: no such column: hubcache_secret_col";

interface ErrorShape {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; fields: Record<string, string[]>; stack?: string };
}

/** A database whose every query fails like Prisma does when something is really wrong. */
const brokenDb = new Proxy(
  {},
  {
    get: () =>
      new Proxy(
        {},
        {
          get: () => async () => {
            throw new Error(DATABASE_DETAIL);
          },
        },
      ),
  },
) as unknown as Db;

let handle: Awaited<ReturnType<typeof openTestDb>>;
let actor: Actor;
const logLines: Array<Record<string, unknown>> = [];
const log = pino(
  { level: "debug" },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  }),
);

function handlerWith(db: Db) {
  return createTrpcHandler({
    log,
    createContext: async (headers): Promise<Context> => testContext(db, actor, { headers }),
  });
}

/** One call as the console's link makes it: GET for queries, POST for mutations, superjson both ways. */
async function call(
  db: Db,
  path: string,
  input: unknown,
  options: { mutation?: boolean; requestId?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.requestId) headers["x-request-id"] = options.requestId;
  const wire = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const request = options.mutation
    ? new Request(`${BASE}/api/trpc/${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(superjson.serialize(input)),
      })
    : new Request(`${BASE}/api/trpc/${path}?input=${wire}`, { headers });
  const response = await handlerWith(db)(request);
  const text = await response.text();
  const body = JSON.parse(text) as { result?: { data: SuperJSONResult }; error?: SuperJSONResult };
  return {
    status: response.status,
    requestId: response.headers.get("x-request-id"),
    text,
    data: body.result ? superjson.deserialize(body.result.data) : undefined,
    error: body.error ? superjson.deserialize<ErrorShape>(body.error) : undefined,
  };
}

describe("tRPC errors", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    handle = await openTestDb("sqlite");
    actor = await userInTeam(handle.db);
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(() => {
    logLines.length = 0;
  });

  it("an unknown error (the database's) reaches the browser as a request id; its details reach the log", async () => {
    const result = await call(brokenDb, "remote.list", undefined, { requestId: "req-broken-1" });
    expect(result.status).toBe(500);
    expect(result.requestId).toBe("req-broken-1");
    expect(result.error?.message).toBe("Internal error (request id req-broken-1)");
    expect(result.error?.data.code).toBe("INTERNAL_SERVER_ERROR");
    expect(result.error?.data.stack).toBeUndefined();
    expect(result.text).not.toContain("hubcache_secret_col");
    expect(result.text).not.toContain("prisma");

    const logged = logLines.filter((line) => line.requestId === "req-broken-1" && line.level === 50);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain("hubcache_secret_col");
    expect(logged[0]).toMatchObject({ path: "remote.list", msg: "tRPC call failed" });
  });

  it("a request without an id (or with a strange one) gets a fresh one, answered and logged", async () => {
    const result = await call(brokenDb, "remote.list", undefined, { requestId: "not a plain <token>" });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.error?.message).toBe(`Internal error (request id ${result.requestId})`);
    expect(logLines.some((line) => line.requestId === result.requestId && line.level === 50)).toBe(true);
  });

  it("a service's refusal (AppError) keeps its message and code, and is not logged as an error", async () => {
    const result = await call(handle.db, "remote.byId", { id: "no-such-remote" });
    expect(result.status).toBe(404);
    expect(result.error?.message).toBe("Remote not found.");
    expect(result.error?.data).toMatchObject({ code: "NOT_FOUND", fields: {} });
    expect(logLines.filter((line) => line.level === 50)).toEqual([]);
  });

  it("input that fails the shared schema: 'Invalid input.' and messages under the form's field names", async () => {
    const result = await call(
      handle.db,
      "remote.create",
      { data: { name: "bad name!", hubUrl: "ftp://nowhere", includePatterns: ["no spaces"] } },
      { mutation: true },
    );
    expect(result.status).toBe(400);
    expect(result.error?.message).toBe("Invalid input.");
    expect(result.error?.data.code).toBe("BAD_REQUEST");
    const fields = result.error?.data.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(["hubUrl", "includePatterns.0", "name"]);
    expect(fields.name?.[0]).toMatch(/letters, digits/);
  });

  it("a service's field errors travel too (the allowlist check)", async () => {
    const result = await call(
      handle.db,
      "remote.create",
      { data: { name: "outside", hubUrl: "http://10.0.0.7" } },
      { mutation: true },
    );
    expect(result.status).toBe(400);
    expect(result.error?.data.fields.hubUrl?.[0]).toMatch(/allows remotes at/);
  });

  it("dates arrive as dates (superjson)", async () => {
    const created = await call(handle.db, "remote.create", { data: { name: "dated" } }, { mutation: true });
    expect(created.status).toBe(200);
    expect(created.data).toMatchObject({ name: "dated", createdAt: expect.any(Date) });
  });
});
