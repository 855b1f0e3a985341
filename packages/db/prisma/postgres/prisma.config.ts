// Prisma CLI config for the PostgreSQL client (used by scripts/generate.mjs and scripts/check-drift.mjs).
// Prisma 6.19.3 offline: wasm schema engine + driver adapter, nothing is downloaded.
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

const TEXT_OID = 25;

/**
 * adapter-pg cannot deserialize the catalog types `"char"` (OID 18) and `name` (OID 19) that the schema
 * engine's introspection selects (prisma/prisma#27403); both arrive as plain text, so report them as text.
 * This patch lives only in the Prisma CLI process that loads this config.
 */
interface FieldsSink {
  addFields(fields: { dataTypeID: number }[]): void;
}
const resultProto = (pg as unknown as { Result: { prototype: FieldsSink } }).Result.prototype;
const addFields = resultProto.addFields;
resultProto.addFields = function (this: FieldsSink, fields) {
  for (const field of fields) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
  }
  addFields.call(this, fields);
};

/** `allowExitOnIdle` keeps idle pool sockets from holding the CLI open after it finished. */
function cliPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, allowExitOnIdle: true, idleTimeoutMillis: 500 });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Also replaces the stock shadow database, which ignores the database name of a connection string. */
class CliPg extends PrismaPg {
  constructor(private readonly url: string) {
    super({ connectionString: url });
  }

  override connect() {
    return new PrismaPg(cliPool(this.url), { disposeExternalPool: true }).connect();
  }

  override async connectToShadowDb() {
    const name = `hubcache_shadow_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const adapter = await new PrismaPg(cliPool(withDatabase(this.url, name)), {
      disposeExternalPool: true,
    }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const cleanup = new pg.Client({ connectionString: this.url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "../../generated/schema/postgres/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new CliPg(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
});
