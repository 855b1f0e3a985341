import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "./client.ts";
import type { DbProvider } from "./url.ts";

/**
 * Helpers for the few queries written in SQL rather than through Prisma's models: statements both
 * providers run as written (double-quoted identifiers, `INSERT … ON CONFLICT`), with values stored the
 * way Prisma stores them, so Prisma reads the rows back unchanged.
 */

/** Which database `db` talks to. */
export function providerOf(db: Db): DbProvider {
  // Prisma keeps the generated client's provider here; the two clients share one type (see client.ts).
  const provider = (db as unknown as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`unsupported database provider ${String(provider)}`);
}

/**
 * A point in time as a SQL value, as Prisma writes a DateTime: on SQLite a Date parameter, written as
 * `2026-01-02T03:04:05.678+00:00` (so text comparison orders them); on PostgreSQL UTC text without a
 * zone (adapter-pg), cast like the `timestamp(3)` columns.
 */
export function timestampSql(provider: DbProvider, at: Date): Prisma.Sql {
  return provider === "sqlite" ? Prisma.sql`${at}` : Prisma.sql`${at}::timestamp(3)`;
}
