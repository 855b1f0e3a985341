// Prisma CLI config for the SQLite client (used by scripts/generate.mjs and scripts/check-drift.mjs).
// Prisma 6.19.3 offline: wasm schema engine + driver adapter, nothing is downloaded.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

/**
 * The stock libsql adapter's shadow database is `:memory:`, but @libsql/client opens a new connection
 * (= a new, empty in-memory database) after every transaction, and the wasm schema engine applies each
 * migration script with `executeRaw`, which runs only the FIRST statement of a libsql string. Both
 * silently produce a wrong shadow schema. Use a temporary file and run argument-less SQL as a script.
 */
class CliLibSQL extends PrismaLibSQL {
  override async connectToShadowDb() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-shadow-"));
    const adapter = await new PrismaLibSQL({ url: `file:${path.join(dir, "shadow.db")}` }).connect();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "../../generated/schema/sqlite/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new CliLibSQL({ url: process.env.DATABASE_URL ?? "file::memory:" }),
});
