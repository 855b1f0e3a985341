import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "./client.ts";
import {
  acquireLease,
  confirmLease,
  leaseHolder,
  pruneExpiredLeases,
  releaseLease,
  renewLease,
  type AcquireLeaseResult,
} from "./cluster-leases.ts";
import { openTestDb, testProviders } from "./test-support.ts";

const providers = await testProviders();
const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const bun = path.join(pkgDir, "../../node_modules/.bin/bun");

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const uniqueName = (label: string) => `${label}:${randomBytes(4).toString("hex")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function granted(result: AcquireLeaseResult): bigint {
  if (!result.acquired) throw new Error(`expected a grant, got ${JSON.stringify({ ...result, token: 0 })}`);
  return result.token;
}

/** Starts `count` processes that each open the database and, on "go", ask for `name` once. */
async function raceInProcesses(url: string, name: string, count: number): Promise<AcquireLeaseResult[]> {
  const children: {
    child: ChildProcessWithoutNullStreams;
    out: () => string;
    exited: Promise<number | null>;
  }[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(bun, ["scripts/test-lease-child.ts", url, name, `replica-${i}`], { cwd: pkgDir });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    children.push({ child, out: () => out, exited });
  }
  // Everyone connected before anyone asks, so that the requests really overlap.
  for (const { out, exited } of children) {
    const deadline = Date.now() + 50_000;
    while (!out().includes("ready")) {
      const code = await Promise.race([exited, sleep(20).then(() => "running" as const)]);
      if (code !== "running" || Date.now() > deadline) throw new Error(`a racer did not start: ${out()}`);
    }
  }
  for (const { child } of children) child.stdin.write("go\n");
  const results: AcquireLeaseResult[] = [];
  for (const { out, exited } of children) {
    const code = await exited;
    if (code !== 0) throw new Error(`a racer exited ${code}: ${out()}`);
    const line = out().trim().split("\n").at(-1)!;
    const parsed = JSON.parse(line) as AcquireLeaseResult & { token: string };
    results.push({ ...parsed, token: BigInt(parsed.token) } as AcquireLeaseResult);
  }
  return results;
}

describe.each(providers)("cluster leases on %s", (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const lease = (name: string, holder: string, ttlMs: number, now?: Date) => ({
    name,
    holder,
    holderUrl: `http://${holder}:8080`,
    ttlMs,
    now,
  });

  it("grants a free lease, refuses another holder while it is held and reports who holds it", async () => {
    const name = uniqueName("fill");
    const t0 = new Date();
    const first = await acquireLease(handle.db, lease(name, "a", 10_000, t0));
    const token = granted(first);
    expect(first.acquired && first.expiresAt.getTime()).toBe(t0.getTime() + 10_000);

    const refused = await acquireLease(handle.db, lease(name, "b", 10_000, at(t0, 9_999)));
    expect(refused).toEqual({
      acquired: false,
      holder: "a",
      holderUrl: "http://a:8080",
      expiresAt: at(t0, 10_000),
      token,
    });
    expect(await leaseHolder(handle.db, name, at(t0, 9_999))).toEqual({
      holder: "a",
      holderUrl: "http://a:8080",
      expiresAt: at(t0, 10_000),
      token,
    });
    expect(await confirmLease(handle.db, { name, holder: "a", token, now: at(t0, 9_999) })).toBe(true);
    expect(await confirmLease(handle.db, { name, holder: "b", token, now: at(t0, 9_999) })).toBe(false);
  });

  it("lets another holder take over an expired lease with a bigger token; the paused owner can no longer confirm or renew", async () => {
    const name = uniqueName("fill");
    const t0 = new Date();
    const old = granted(await acquireLease(handle.db, lease(name, "a", 1_000, t0)));
    expect(await leaseHolder(handle.db, name, at(t0, 1_000))).toBeNull(); // expired at expiresAt
    const takeover = granted(await acquireLease(handle.db, lease(name, "b", 1_000, at(t0, 1_000))));
    expect(takeover).toBeGreaterThan(old);

    // "a" was paused (GC, a stalled disk) past its lease and wakes up: it must not commit.
    const now = at(t0, 1_001);
    expect(await confirmLease(handle.db, { name, holder: "a", token: old, now })).toBe(false);
    expect(await renewLease(handle.db, { name, holder: "a", token: old, ttlMs: 1_000, now })).toBe(false);
    expect(await releaseLease(handle.db, { name, holder: "a", token: old })).toBe(false);
    expect(await confirmLease(handle.db, { name, holder: "b", token: takeover, now })).toBe(true);
  });

  it("renews for the holder with the same token; a renewal after the lease expired is refused", async () => {
    const name = uniqueName("job");
    const t0 = new Date();
    const token = granted(await acquireLease(handle.db, lease(name, "a", 1_000, t0)));
    expect(await renewLease(handle.db, { name, holder: "a", token, ttlMs: 1_000, now: at(t0, 900) })).toBe(
      true,
    );
    expect(await confirmLease(handle.db, { name, holder: "a", token, now: at(t0, 1_800) })).toBe(true);
    expect(await leaseHolder(handle.db, name, at(t0, 1_800))).toMatchObject({
      token,
      expiresAt: at(t0, 1_900),
    });
    expect(await acquireLease(handle.db, lease(name, "b", 1_000, at(t0, 1_800)))).toMatchObject({
      acquired: false,
      holder: "a",
    });
    // Lost once expired, even if nobody took it yet.
    expect(await renewLease(handle.db, { name, holder: "a", token, ttlMs: 1_000, now: at(t0, 1_900) })).toBe(
      false,
    );
    expect(await confirmLease(handle.db, { name, holder: "a", token, now: at(t0, 1_900) })).toBe(false);
  });

  it("re-grants to the same holder with a new token, held or expired; its older token stops confirming", async () => {
    const name = uniqueName("job");
    const t0 = new Date();
    const first = granted(await acquireLease(handle.db, lease(name, "a", 1_000, t0)));
    const again = granted(await acquireLease(handle.db, lease(name, "a", 1_000, at(t0, 500))));
    expect(again).toBeGreaterThan(first);
    expect(await confirmLease(handle.db, { name, holder: "a", token: first, now: at(t0, 600) })).toBe(false);
    const afterExpiry = granted(await acquireLease(handle.db, lease(name, "a", 1_000, at(t0, 5_000))));
    expect(afterExpiry).toBeGreaterThan(again);
  });

  it("release lets another holder take the lease at once, and only the holder with its token releases", async () => {
    const name = uniqueName("fill");
    const t0 = new Date();
    const token = granted(await acquireLease(handle.db, lease(name, "a", 60_000, t0)));
    expect(await releaseLease(handle.db, { name, holder: "b", token })).toBe(false);
    expect(await releaseLease(handle.db, { name, holder: "a", token: token + 1000n })).toBe(false);
    expect(await leaseHolder(handle.db, name, at(t0, 1))).toMatchObject({ holder: "a" });
    expect(await releaseLease(handle.db, { name, holder: "a", token })).toBe(true);
    expect(await leaseHolder(handle.db, name, at(t0, 1))).toBeNull();
    expect(await confirmLease(handle.db, { name, holder: "a", token, now: at(t0, 1) })).toBe(false);
    const next = granted(await acquireLease(handle.db, lease(name, "b", 60_000, at(t0, 2))));
    expect(next).toBeGreaterThan(token);
  });

  it("never hands out a token again, after releases and prunes, for any name", async () => {
    const t0 = new Date();
    const names = [uniqueName("fill"), uniqueName("fill"), uniqueName("job")];
    const seen: bigint[] = [];
    for (let round = 0; round < 3; round++) {
      const now = at(t0, round * 10_000);
      for (const name of names)
        seen.push(granted(await acquireLease(handle.db, lease(name, "a", 1_000, now))));
      const [released] = names;
      expect(await releaseLease(handle.db, { name: released!, holder: "a", token: seen.at(-3)! })).toBe(true);
      // The others expire; prune everything that has (other tests' leases too: the table is shared).
      expect(await pruneExpiredLeases(handle.db, at(now, 5_000), at(now, 5_000))).toBeGreaterThanOrEqual(2);
      expect(await handle.db.clusterLease.count({ where: { name: { in: names } } })).toBe(0);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => (a < b ? -1 : 1))).toEqual(seen); // increasing in grant order
  });

  it("prunes only leases that expired before the cut-off, never a live one", async () => {
    const t0 = new Date();
    const live = uniqueName("fill");
    const dead = uniqueName("fill");
    granted(await acquireLease(handle.db, lease(live, "a", 60_000, t0)));
    granted(await acquireLease(handle.db, lease(dead, "a", 1_000, t0)));
    const now = at(t0, 2_000);
    expect(await pruneExpiredLeases(handle.db, at(t0, 500), now)).toBe(0); // dead expired after the cut-off
    expect(await pruneExpiredLeases(handle.db, at(t0, 3_600_000), now)).toBe(1); // live is not expired
    expect(await leaseHolder(handle.db, live, now)).toMatchObject({ holder: "a" });
  });

  it("uses the database's clock when no time is given", async () => {
    const name = uniqueName("job");
    const before = Date.now();
    const token = granted(await acquireLease(handle.db, lease(name, "a", 600)));
    const held = await leaseHolder(handle.db, name);
    expect(held?.token).toBe(token);
    // Same machine here, so the database's clock is close to ours (a wrong time zone would be hours off).
    expect(held!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 600 - 1_000);
    expect(held!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 600 + 1_000);
    expect(await renewLease(handle.db, { name, holder: "a", token, ttlMs: 600 })).toBe(true);
    expect(await confirmLease(handle.db, { name, holder: "a", token })).toBe(true);
    expect(await acquireLease(handle.db, lease(name, "b", 600))).toMatchObject({
      acquired: false,
      holder: "a",
    });
    await sleep(800);
    expect(await leaseHolder(handle.db, name)).toBeNull();
    expect(await confirmLease(handle.db, { name, holder: "a", token })).toBe(false);
    expect(granted(await acquireLease(handle.db, lease(name, "b", 600)))).toBeGreaterThan(token);
    expect(await pruneExpiredLeases(handle.db, new Date(Date.now() + 60_000))).toBe(0); // b's is live
  });

  if (provider === "postgresql") {
    it("is not fooled by a session time zone other than UTC", async () => {
      const name = uniqueName("job");
      const database = new URL(handle.url).pathname.slice(1);
      await handle.db.$executeRawUnsafe(`ALTER DATABASE "${database}" SET timezone TO 'Pacific/Kiritimati'`);
      const other = await openDb(handle.url, { migrate: false });
      try {
        const [setting] = await other.db.$queryRawUnsafe<{ tz: string }[]>(
          "SELECT current_setting('TimeZone') AS tz",
        );
        expect(setting?.tz).toBe("Pacific/Kiritimati"); // UTC+14
        const token = granted(await acquireLease(other.db, lease(name, "a", 60_000)));
        expect(await acquireLease(handle.db, lease(name, "b", 60_000))).toMatchObject({ acquired: false });
        const held = await leaseHolder(other.db, name);
        expect(Math.abs(held!.expiresAt.getTime() - (Date.now() + 60_000))).toBeLessThan(5_000);
        expect(await confirmLease(other.db, { name, holder: "a", token })).toBe(true);
      } finally {
        await other.close();
        await handle.db.$executeRawUnsafe(`ALTER DATABASE "${database}" RESET timezone`);
      }
    });
  }

  it("grants a free lease to exactly one of 20 concurrent acquirers on separate clients", async () => {
    const name = uniqueName("fill");
    // PostgreSQL: 20 clients, each with its own connection pool. SQLite: handles of one file in one
    // process share a client (client.ts); other processes are the case below.
    const handles: DbHandle[] = await Promise.all(
      Array.from({ length: 20 }, () => openDb(handle.url, { migrate: false })),
    );
    try {
      const results = await Promise.all(
        handles.map((h, i) => acquireLease(h.db, lease(name, `replica-${i}`, 60_000))),
      );
      const winners = results.filter((r) => r.acquired);
      expect(winners).toHaveLength(1);
      const winner = results.findIndex((r) => r.acquired);
      for (const r of results.filter((r) => !r.acquired)) {
        expect(r).toMatchObject({ holder: `replica-${winner}`, token: winners[0]!.token });
      }
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });

  it("lets exactly one of 20 concurrent acquirers take over an expired lease", async () => {
    const name = uniqueName("job");
    const old = granted(await acquireLease(handle.db, lease(name, "dead", 1)));
    await sleep(20);
    const handles = await Promise.all(
      Array.from({ length: 20 }, () => openDb(handle.url, { migrate: false })),
    );
    try {
      const results = await Promise.all(
        handles.map((h, i) => acquireLease(h.db, lease(name, `replica-${i}`, 60_000))),
      );
      expect(results.filter((r) => r.acquired)).toHaveLength(1);
      expect(results.find((r) => r.acquired)!.token).toBeGreaterThan(old);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });

  it("grants a lease to exactly one of 20 processes racing for it", { timeout: 120_000 }, async () => {
    const name = uniqueName("fill");
    const results = await raceInProcesses(handle.url, name, 20);
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    const held = await leaseHolder(handle.db, name);
    expect(held?.token).toBe(winners[0]!.token);
    for (const r of results.filter((r) => !r.acquired)) expect(r).toMatchObject({ holder: held!.holder });
  });
});
