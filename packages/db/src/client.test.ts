import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "./client.ts";
import {
  createTestDatabase,
  lockSqliteInAnotherProcess,
  testProviders,
  type TestDatabase,
} from "./test-support.ts";
import { detectProvider, resolveDatabaseUrl, sqliteFilePath } from "./url.ts";

const providers = await testProviders();

/** Watches the event loop with a 10 ms ticker; stop() tells the longest gap between two ticks, in ms. */
function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

describe("URLs", () => {
  it("detects the provider from the scheme", () => {
    expect(detectProvider("file:./data/hubcache.db")).toBe("sqlite");
    expect(detectProvider("postgresql://u@h/db")).toBe("postgresql");
    expect(detectProvider("postgres://u@h/db")).toBe("postgresql");
    expect(() => detectProvider("mysql://u:secret@h/db")).toThrow(/u:\*\*\*@h/);
  });

  it("resolves SQLite paths", () => {
    expect(sqliteFilePath("file:./data/x.db", "/base")).toBe("/base/data/x.db");
    expect(sqliteFilePath("file:data/x.db", "/base")).toBe("/base/data/x.db");
    expect(sqliteFilePath("file:/abs/x.db", "/base")).toBe("/abs/x.db");
    expect(sqliteFilePath("file:///abs/x.db", "/base")).toBe("/abs/x.db");
    expect(sqliteFilePath("file:/abs/x.db?mode=rwc", "/base")).toBe("/abs/x.db");
    expect(resolveDatabaseUrl("file:./a b.db", "/base")).toBe("file:///base/a%20b.db");
    expect(() => sqliteFilePath("file::memory:")).toThrow(/In-memory/);
  });
});

describe.each(providers)("openDb on %s", (provider) => {
  const cleanups: (() => Promise<void>)[] = [];
  const fresh = async (): Promise<TestDatabase> => {
    const db = await createTestDatabase(provider);
    cleanups.push(() => db.drop());
    return db;
  };
  const open = async (...args: Parameters<typeof openDb>): Promise<DbHandle> => {
    const handle = await openDb(...args);
    cleanups.unshift(() => handle.close());
    return handle;
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it("migrates, then reads and writes", async () => {
    const { url } = await fresh();
    const handle = await open(url);
    expect(handle.provider).toBe(provider);
    const user = await handle.db.user.create({
      data: { username: "alice", name: "alice", email: "alice@users.hubcache.local" },
    });
    expect(user.id).toMatch(/^c[a-z0-9]{20,}$/);
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(await handle.db.user.findUnique({ where: { username: "alice" } })).toEqual(user);
    const team = await handle.db.team.create({ data: { name: "T", slug: "t" } });
    const m = await handle.db.membership.create({
      data: { teamId: team.id, userId: user.id, role: "owner" },
    });
    expect(m.role).toBe("owner");
    const remote = await handle.db.remote.create({ data: { teamId: team.id, name: "hf" } });
    expect(remote).toMatchObject({
      hubUrl: "https://huggingface.co",
      hfTokenEncrypted: null,
      policy: "on_demand",
      connectTimeoutMs: 10000,
      readTimeoutMs: 60000,
      includePatterns: "[]",
      excludePatterns: "[]",
    });
    const ev = await handle.db.auditEvent.create({
      data: { teamId: team.id, actor: "alice", action: "remote.create", target: remote.id },
    });
    expect(ev.detail).toBe("{}");
    await handle.db.team.delete({ where: { id: team.id } });
    expect((await handle.db.auditEvent.findUnique({ where: { id: ev.id } }))?.teamId).toBeNull();
    await handle.close();
    await handle.close(); // idempotent
  });

  it("skips migrations with { migrate: false }", async () => {
    const { url } = await fresh();
    const handle = await open(url, { migrate: false });
    await expect(handle.db.team.count()).rejects.toThrow();
  });

  if (provider === "postgresql") {
    it("a server that accepts connections and never answers fails a query within the connect timeout", async () => {
      const accepted = new Set<net.Socket>();
      // Accepts, reads nothing, answers nothing: a frozen server, or a partition.
      const silent = net.createServer((socket) => void accepted.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      cleanups.push(async () => {
        for (const socket of accepted) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      });
      const { port } = silent.address() as net.AddressInfo;
      const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
      const handle = await open(url, { migrate: false, connectTimeoutMs: 300 });
      const started = performance.now();
      const failure = await handle.db.team.count().then(
        () => null,
        (error: unknown) => error,
      );
      expect(String(failure)).toMatch(/timeout/i);
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  }

  if (provider === "sqlite") {
    it("creates the directory; no connection waits for a lock inside SQLite (that would block)", async () => {
      const { url, dir } = await fresh();
      const handle = await open(url, { busyTimeoutMs: 4321 });
      expect(fs.existsSync(path.join(dir ?? "", "nested", "hubcache.db"))).toBe(true);
      const busy = async (): Promise<number> => {
        const rows = await handle.db.$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
        return Number(rows[0]?.timeout);
      };
      expect(await busy()).toBe(0);
      await handle.db.$transaction(async (tx) => {
        await tx.team.create({ data: { name: "a", slug: "a" } });
      });
      await handle.db.$transaction([handle.db.team.create({ data: { name: "b", slug: "b" } })]);
      expect(await busy()).toBe(0);
    });

    it("a write waits for another process's lock without blocking the event loop; reads go ahead meanwhile", async () => {
      const { url } = await fresh();
      const handle = await open(url, { busyTimeoutMs: 5_000 });
      await handle.db.team.create({ data: { name: "t", slug: "t" } });
      const { exited } = await lockSqliteInAnotherProcess(sqliteFilePath(url), {
        mode: "EXCLUSIVE",
        statement: "UPDATE Team SET name = 'other'",
        holdMs: 800,
        end: "COMMIT",
      });
      const loop = watchEventLoop();
      const started = performance.now();
      const write = handle.db.team.update({ where: { slug: "t" }, data: { name: "after" } });
      const readStarted = performance.now();
      expect(await handle.db.team.count()).toBe(1);
      expect(performance.now() - readStarted).toBeLessThan(200);
      await write;
      const waitedMs = performance.now() - started;
      expect(loop.stop()).toBeLessThan(100);
      expect(await exited).toBe(0);
      expect(waitedMs).toBeGreaterThan(300); // it did wait for the lock
      expect((await handle.db.team.findFirstOrThrow({ where: { slug: "t" } })).name).toBe("after");
    });

    it("a write gives up once the busy timeout has passed, without blocking the event loop", async () => {
      const { url } = await fresh();
      const handle = await open(url, { busyTimeoutMs: 400 });
      await handle.db.team.create({ data: { name: "t", slug: "t" } });
      const { exited } = await lockSqliteInAnotherProcess(sqliteFilePath(url), {
        mode: "EXCLUSIVE",
        statement: "UPDATE Team SET name = name",
        holdMs: 2_500,
        end: "ROLLBACK",
      });
      const loop = watchEventLoop();
      const started = performance.now();
      await expect(
        handle.db.$transaction([handle.db.team.create({ data: { name: "u", slug: "u" } })]),
      ).rejects.toThrow();
      const waitedMs = performance.now() - started;
      expect(loop.stop()).toBeLessThan(100);
      expect(waitedMs).toBeGreaterThanOrEqual(390);
      expect(waitedMs).toBeLessThan(1_500);
      await exited;
      await handle.db.team.create({ data: { name: "u", slug: "u" } });
      expect(await handle.db.team.count()).toBe(2);
    });

    it("shares one client per file in a process; concurrent opens and writes do not block", async () => {
      const { url } = await fresh();
      const handles = await Promise.all([open(url), open(url), open(url, { migrate: false })]);
      const [a, b, c] = handles;
      if (!a || !b || !c) throw new Error("open failed");
      expect(b.db).toBe(a.db);
      expect(c.db).toBe(a.db);
      const started = Date.now();
      await Promise.all(
        handles.flatMap((h, i) =>
          Array.from({ length: 5 }, (_, j) =>
            h.db.$transaction(async (tx) => {
              await tx.team.create({ data: { name: "x", slug: `s-${i}-${j}` } });
              await new Promise((r) => setTimeout(r, 2));
              await tx.team.count();
            }),
          ),
        ),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await a.db.team.count()).toBe(15);
      await a.close();
      await b.close();
      expect(await c.db.team.count()).toBe(15); // still open for the last user
      await c.close();
      const again = await open(url);
      expect(again.db).not.toBe(a.db);
      expect(await again.db.team.count()).toBe(15);
    });

    it("opens no new connection per transaction: descriptors on the file stay flat", async () => {
      const { url, dir } = await fresh();
      const handle = await open(url);
      const openOnDatabase = (): number =>
        fs
          .readdirSync("/proc/self/fd")
          .map((fd) => {
            try {
              return fs.readlinkSync(`/proc/self/fd/${fd}`);
            } catch {
              return "";
            }
          })
          .filter((target) => target.startsWith(dir ?? "\0")).length;
      await handle.db.$transaction(async (tx) => tx.team.count());
      const before = openOnDatabase();
      expect(before).toBeGreaterThan(0);
      for (let i = 0; i < 200; i++) {
        await handle.db.$transaction(async (tx) => {
          await tx.team.create({ data: { name: "t", slug: `t-${i}` } });
        });
        await handle.db.$transaction([handle.db.team.count()]);
      }
      await expect(
        handle.db.$transaction(async (tx) => {
          await tx.team.create({ data: { name: "t", slug: "rolled-back" } });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await handle.db.team.count()).toBe(200);
      expect(openOnDatabase()).toBe(before);
    });

    it("a transaction that reads then writes waits for another process's write lock, and succeeds", async () => {
      const { url } = await fresh();
      const handle = await open(url);
      await handle.db.team.create({ data: { name: "t", slug: "t" } });
      // Another process holds the write lock for a moment, as the content server does.
      const { exited } = await lockSqliteInAnotherProcess(sqliteFilePath(url), {
        mode: "IMMEDIATE",
        statement: "UPDATE Team SET name = 'other'",
        holdMs: 400,
        end: "COMMIT",
      });
      await handle.db.$transaction(async (tx) => {
        const count = await tx.team.count();
        await tx.team.create({ data: { name: "u", slug: `u-${count}` } });
      });
      await exited;
      expect(await handle.db.team.count()).toBe(2);
      expect((await handle.db.team.findFirstOrThrow({ where: { slug: "t" } })).name).toBe("other");
    });

    it("a write that failed on another process's lock leaves nothing behind: later transactions commit", async () => {
      const { url } = await fresh();
      const handle = await open(url, { busyTimeoutMs: 50 });
      await handle.db.team.create({ data: { name: "t", slug: "t" } });
      const { exited } = await lockSqliteInAnotherProcess(sqliteFilePath(url), {
        mode: "EXCLUSIVE",
        statement: "UPDATE Team SET name = name",
        holdMs: 400,
        end: "ROLLBACK",
      });
      // An UPDATE … RETURNING, as Prisma sends for update(): it fails on the lock while it runs.
      await expect(handle.db.team.update({ where: { slug: "t" }, data: { name: "busy" } })).rejects.toThrow();
      await exited;
      await handle.db.$transaction([
        handle.db.team.create({ data: { name: "u", slug: "u" } }),
        handle.db.team.update({ where: { slug: "t" }, data: { name: "after" } }),
      ]);
      expect(await handle.db.team.count()).toBe(2);
      expect((await handle.db.team.findFirstOrThrow({ where: { slug: "t" } })).name).toBe("after");
    });

    it("resolves a relative file: URL against the base directory", async () => {
      const base = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-base-"));
      cleanups.push(async () => fs.rmSync(base, { recursive: true, force: true }));
      const handle = await open("file:./data/hubcache.db", { baseDir: base });
      await handle.db.team.count();
      expect(fs.existsSync(path.join(base, "data", "hubcache.db"))).toBe(true);
    });
  }
});
