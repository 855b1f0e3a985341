/**
 * Cluster-wide leases: several replicas share one database, and a lease makes exactly one of them do a
 * thing — fill a file from upstream (one lease per file, e.g. "fill:<digest>") or run a job that must run
 * once for the cluster ("job:capacity", "job:purge", "job:prefetch").
 *
 * A lease is one `ClusterLease` row: holder (replica id), holderUrl (where the others reach it, to follow
 * its fill), a fencing token and `expiresAt`. It is held while `expiresAt` is in the future.
 *
 * Grants. `acquireLease` grants when there is no row, the row has expired, or the same holder asks again.
 * Every grant — including a re-grant to the same holder, expired or not — gets a NEW token; the older
 * token stops confirming and renewing. (So a replica that restarts with the same id fences off whatever
 * its previous process still had in flight.) To keep a lease, with its token, call `renewLease` before
 * it expires. One conditional statement decides a grant: `INSERT … ON CONFLICT ("name") DO UPDATE … WHERE
 * <expired or same holder>`; of any number of concurrent acquirers exactly one gets a row back.
 *
 * Fencing tokens. Every grant takes a fresh value from ONE counter for the whole cluster (not per name):
 * PostgreSQL uses the sequence behind `ClusterLeaseToken.id` (nextval), SQLite one row of that table,
 * bumped in the acquiring transaction. So tokens are unique cluster-wide and increase across every
 * grant of a name (a grant also requires a bigger token than the row's), and it is safe to delete rows:
 * `releaseLease` deletes the row (a successor can take the name at once) and `pruneExpiredLeases`
 * deletes expired ones, without a token ever being handed out twice. Tokens have gaps (a refused
 * acquirer on PostgreSQL burns a sequence value); only their order and uniqueness mean anything.
 *
 * Clocks. Expiry is judged by the database's clock, not each replica's, so that clock skew between
 * replicas cannot make two of them hold a lease: PostgreSQL's `statement_timestamp()` (in UTC; the
 * columns are `timestamp(3)` holding UTC). SQLite uses the application's clock, because SQLite has no
 * clock of its own: it is a file on one machine, so every process sharing it reads the same OS clock
 * (SQLite's `'now'` is that clock too); the values are written as Prisma writes DateTime there
 * (`2026-01-02T03:04:05.678+00:00`, by passing Dates as parameters), so text comparison orders them.
 * Every function takes an optional `now` that replaces the database's clock (tests, tools).
 *
 * A holder should treat its lease as lost `ttlMs` after it SENT the acquire or renew, by its own
 * monotonic clock (the database started the lease later than that, so this is on the safe side), and
 * stop before then unless a renewal succeeded. `confirmLease` is the fencing check right before a
 * commit; a check and a later commit are two steps, so what is committed should carry the token where
 * the store can check it too.
 */
import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "./client.ts";
import { providerOf, timestampSql } from "./raw-sql.ts";
import type { DbProvider } from "./url.ts";

export type LeaseToken = bigint;

export interface AcquireLeaseInput {
  name: string;
  /** The replica asking (its instance id). */
  holder: string;
  /** Where the other replicas reach this one. */
  holderUrl: string;
  ttlMs: number;
  /** Replaces the database's clock (tests). */
  now?: Date;
}

export interface LeaseInfo {
  holder: string;
  holderUrl: string;
  expiresAt: Date;
  token: LeaseToken;
}

export type AcquireLeaseResult =
  { acquired: true; token: LeaseToken; expiresAt: Date } | ({ acquired: false } & LeaseInfo);

export interface LeaseRef {
  name: string;
  holder: string;
  token: LeaseToken;
  /** Replaces the database's clock (tests). */
  now?: Date;
}

/** How often an acquire that lost a race to a lease that then went away at once (released, expired) tries again. */
const ACQUIRE_ATTEMPTS = 5;

/**
 * The current time as SQL: the given `now`, else the database's clock (see the module comment; SQLite's
 * is this process's).
 */
function nowSql(provider: DbProvider, now: Date | undefined): Prisma.Sql {
  if (now || provider === "sqlite") return timestampSql(provider, now ?? new Date());
  return Prisma.sql`(statement_timestamp() AT TIME ZONE 'UTC')`;
}

/** `now` plus `ms` milliseconds, as SQL. */
function laterSql(provider: DbProvider, now: Date | undefined, ms: number): Prisma.Sql {
  if (provider === "sqlite") return Prisma.sql`${new Date((now ?? new Date()).getTime() + ms)}`;
  return Prisma.sql`(${nowSql(provider, now)} + ${ms}::bigint * interval '1 millisecond')`;
}

function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)
    throw new RangeError(`lease ttlMs must be a positive integer, not ${ttlMs}`);
}

interface LeaseRow {
  holder: string;
  holderUrl: string;
  expiresAt: Date | string;
  token: bigint | number | string;
}

function toInfo(row: LeaseRow): LeaseInfo {
  return {
    holder: row.holder,
    holderUrl: row.holderUrl,
    expiresAt: row.expiresAt instanceof Date ? row.expiresAt : new Date(row.expiresAt),
    token: BigInt(row.token),
  };
}

type Runner = Pick<Db, "$queryRaw">;

/** The conditional upsert that decides a grant; a row back means granted. */
function grantSql(provider: DbProvider, input: AcquireLeaseInput, token: Prisma.Sql): Prisma.Sql {
  const now = nowSql(provider, input.now);
  return Prisma.sql`
    INSERT INTO "ClusterLease" ("name", "holder", "holderUrl", "token", "expiresAt", "acquiredAt")
    VALUES (${input.name}, ${input.holder}, ${input.holderUrl}, ${token}, ${laterSql(provider, input.now, input.ttlMs)}, ${now})
    ON CONFLICT ("name") DO UPDATE SET
      "holder" = excluded."holder",
      "holderUrl" = excluded."holderUrl",
      "token" = excluded."token",
      "expiresAt" = excluded."expiresAt",
      "acquiredAt" = excluded."acquiredAt"
    WHERE ("ClusterLease"."expiresAt" <= excluded."acquiredAt" OR "ClusterLease"."holder" = excluded."holder")
      AND "ClusterLease"."token" < excluded."token"
    RETURNING "token", "expiresAt"`;
}

function currentSql(provider: DbProvider, name: string, now: Date | undefined): Prisma.Sql {
  return Prisma.sql`
    SELECT "holder", "holderUrl", "expiresAt", "token" FROM "ClusterLease"
    WHERE "name" = ${name} AND "expiresAt" > ${nowSql(provider, now)}`;
}

/**
 * Asks for the lease `name` for `ttlMs`: granted (with a new fencing token) when nobody holds it, its
 * holder's lease expired, or `holder` itself holds it; otherwise who holds it.
 */
const SQLITE_TRANSACTION_WAIT = { maxWait: 15_000, timeout: 15_000 };

export async function acquireLease(db: Db, input: AcquireLeaseInput): Promise<AcquireLeaseResult> {
  checkTtl(input.ttlMs);
  const provider = providerOf(db);
  if (provider === "sqlite") {
    // One IMMEDIATE transaction (client.ts): SQLite runs it alone, so bumping the counter and the grant
    // are one step for every process sharing the file. The counter also starts above any token still in
    // ClusterLease, should its row ever be lost.
    return db.$transaction(async (tx) => {
      const [next] = await tx.$queryRaw<{ id: bigint | number }[]>`
        INSERT INTO "ClusterLeaseToken" ("id")
        SELECT MAX("m") + 1 FROM (
          SELECT COALESCE(MAX("id"), 0) AS "m" FROM "ClusterLeaseToken"
          UNION ALL SELECT COALESCE(MAX("token"), 0) FROM "ClusterLease"
        )
        RETURNING "id"`;
      const token = BigInt(next!.id);
      await tx.$executeRaw`DELETE FROM "ClusterLeaseToken" WHERE "id" < ${token}`;
      const outcome = await grantOrCurrent(tx, provider, input, Prisma.sql`${token}`);
      if (!outcome) throw new Error(`cluster lease ${input.name}: neither granted nor held`); // cannot happen in one transaction
      return outcome;
      // Processes sharing the file queue for its write lock: Prisma's default 2 s wait to begin is short
      // when many race for it on a busy machine.
    }, SQLITE_TRANSACTION_WAIT);
  }
  for (let attempt = 1; ; attempt++) {
    const outcome = await grantOrCurrent(
      db,
      provider,
      input,
      Prisma.sql`nextval('"ClusterLeaseToken_id_seq"')`,
    );
    if (outcome) return outcome;
    // Refused, but the lease went away before we looked (released, or expired just now): ask again.
    if (attempt >= ACQUIRE_ATTEMPTS) throw new Error(`cluster lease ${input.name}: contended, try again`);
  }
}

async function grantOrCurrent(
  db: Runner,
  provider: DbProvider,
  input: AcquireLeaseInput,
  token: Prisma.Sql,
): Promise<AcquireLeaseResult | null> {
  const granted = await db.$queryRaw<Pick<LeaseRow, "token" | "expiresAt">[]>(
    grantSql(provider, input, token),
  );
  if (granted[0]) {
    const { token: t, expiresAt } = toInfo({ holder: "", holderUrl: "", ...granted[0] });
    return { acquired: true, token: t, expiresAt };
  }
  const [current] = await db.$queryRaw<LeaseRow[]>(currentSql(provider, input.name, input.now));
  return current ? { acquired: false, ...toInfo(current) } : null;
}

/**
 * Extends the lease to `ttlMs` from now, only while `holder` still holds it with `token` and it has not
 * expired. False: the lease is lost (expired, taken over or released) and the caller must stop.
 */
export async function renewLease(db: Db, lease: LeaseRef & { ttlMs: number }): Promise<boolean> {
  checkTtl(lease.ttlMs);
  const provider = providerOf(db);
  const count = await db.$executeRaw`
    UPDATE "ClusterLease" SET "expiresAt" = ${laterSql(provider, lease.now, lease.ttlMs)}
    WHERE "name" = ${lease.name} AND "holder" = ${lease.holder} AND "token" = ${lease.token}
      AND "expiresAt" > ${nowSql(provider, lease.now)}`;
  return count > 0;
}

/** Whether `holder` still holds the lease with `token`, unexpired: the fencing check before a commit. */
export async function confirmLease(db: Db, lease: LeaseRef): Promise<boolean> {
  const provider = providerOf(db);
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 AS "held" FROM "ClusterLease"
    WHERE "name" = ${lease.name} AND "holder" = ${lease.holder} AND "token" = ${lease.token}
      AND "expiresAt" > ${nowSql(provider, lease.now)}`;
  return rows.length > 0;
}

/**
 * Gives the lease up, only if `holder` still holds it with `token`: deletes the row, so that anyone can
 * take the name at once (with a new, bigger token). True if it was released.
 */
export async function releaseLease(db: Db, lease: Omit<LeaseRef, "now">): Promise<boolean> {
  const count = await db.$executeRaw`
    DELETE FROM "ClusterLease"
    WHERE "name" = ${lease.name} AND "holder" = ${lease.holder} AND "token" = ${lease.token}`;
  return count > 0;
}

/** Who holds the lease `name`, or null when nobody does (no row, or it expired). */
export async function leaseHolder(db: Db, name: string, now?: Date): Promise<LeaseInfo | null> {
  const [row] = await db.$queryRaw<LeaseRow[]>(currentSql(providerOf(db), name, now));
  return row ? toInfo(row) : null;
}

/**
 * Deletes leases that expired before `olderThan` (and have expired by the database's clock, whatever
 * `olderThan` says), to keep the table small: fill leases are one row per file. Safe at any time: tokens
 * come from one counter, so a deleted name's next grant still gets a bigger token. Returns how many.
 */
export async function pruneExpiredLeases(db: Db, olderThan: Date, now?: Date): Promise<number> {
  const provider = providerOf(db);
  const before = provider === "sqlite" ? Prisma.sql`${olderThan}` : Prisma.sql`${olderThan}::timestamp(3)`;
  return db.$executeRaw`
    DELETE FROM "ClusterLease" WHERE "expiresAt" < ${before} AND "expiresAt" <= ${nowSql(provider, now)}`;
}
