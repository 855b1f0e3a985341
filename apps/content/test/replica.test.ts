import { afterEach, describe, expect, test } from "bun:test";
import { createTestDatabase, testProviders } from "@hubcache/db/test-support";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { eventually, startStack, type Stack } from "./harness.ts";
import { tcpProxy } from "./tcp-proxy.ts";

/** What a replica behind a load balancer offers its operator: readiness, labelled metrics, its URL. */
let stack: Stack | null = null;
afterEach(async () => {
  await stack?.stop();
  stack = null;
});

async function readyz(stack: Stack): Promise<{ status: number; body: string }> {
  const response = await fetch(`${stack.server.url}/readyz`);
  return { status: response.status, body: await response.text() };
}

const postgres = (await testProviders()).includes("postgresql");
const READY = { status: 200, body: JSON.stringify({ status: "ready" }) };

describe("/readyz", () => {
  test("ready on a working stack; /healthz stays a liveness check", async () => {
    stack = await startStack();
    expect(await readyz(stack)).toEqual(READY);
    expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200);
  });

  test("not ready while the store's folder is gone or is not a folder, ready once it is back", async () => {
    stack = await startStack();
    const root = join(stack.dir, "blobs");
    await rm(root, { recursive: true });
    let answer = await readyz(stack);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({
      status: "not ready",
      checks: { database: "ok", store: "ENOENT" },
    });
    expect(answer.body).not.toContain(stack.dir);
    // Liveness is not readiness: the process is fine, restarting it would not bring the volume back.
    expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200);

    await writeFile(root, "a file where the folder was");
    answer = await readyz(stack);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).checks.store).toBe("ENOTDIR");

    await rm(root);
    await mkdir(root);
    expect(await readyz(stack)).toEqual(READY);
  });

  test.skipIf(!postgres)(
    "not ready within ~2 s while PostgreSQL does not answer (a black hole), ready once it does",
    async () => {
      const database = await createTestDatabase("postgresql");
      const proxy = await tcpProxy(new URL(database.url));
      try {
        // The database's own timeouts (5 s to connect, 10 s per query) are longer: /readyz's 2 s bound it.
        stack = await startStack({ config: { databaseUrl: proxy.url } });
        expect(await readyz(stack)).toEqual(READY);
        proxy.blackHole();
        const started = performance.now();
        // Probes that overlap share one check: none waits longer than the check's own 2 s.
        const answers = await Promise.all(Array.from({ length: 5 }, () => readyz(stack!)));
        expect(performance.now() - started).toBeLessThan(3_500);
        for (const answer of answers) {
          expect(answer.status).toBe(503);
          expect(JSON.parse(answer.body)).toEqual({
            status: "not ready",
            checks: { database: "timeout", store: "ok" },
          });
        }
        expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200);

        await proxy.restore();
        await eventually(async () => expect(await readyz(stack!)).toEqual(READY), 15_000);
        expect(JSON.stringify(answers)).not.toContain("postgres");
      } finally {
        await stack?.stop();
        stack = null;
        await proxy.close();
        await database.drop();
      }
    },
    40_000,
  );
});

describe("a replica's identity", () => {
  test("every metric carries replica=<instance id>", async () => {
    stack = await startStack({ config: { instanceId: "replica-7" } });
    await (await fetch(`${stack.endpoint}/demo/tiny-model/resolve/main/config.json`)).arrayBuffer();
    const text = await (await fetch(`${stack.server.url}/metrics`)).text();
    const samples = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    expect(samples.length).toBeGreaterThan(50);
    for (const sample of samples) expect(sample).toContain('replica="replica-7"');
    // Both the request metrics and the capacity ones, registered separately.
    expect(text).toMatch(/^hubcache_http_requests_total\{[^}]*replica="replica-7"[^}]*\} \d+/m);
    expect(text).toMatch(/^hubcache_stored_bytes\{replica="replica-7"\} \d+/m);
  });

  test("its heartbeat row carries REPLICA_URL rather than the address it listens on", async () => {
    stack = await startStack({
      config: { instanceId: "replica-8", replicaUrl: "http://replica-8.internal:8080" },
    });
    const db = stack.database.db;
    const row = await eventually(() => db.contentServer.findUniqueOrThrow({ where: { id: "replica-8" } }));
    expect(row.url).toBe("http://replica-8.internal:8080");
  });
});
