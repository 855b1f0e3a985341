import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

class ShadowFileLibSQL extends PrismaLibSQL {
  override async connectToShadowDb() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-shadow-"));
    return new PrismaLibSQL({ url: `file:${path.join(dir, "shadow.db")}` }).connect();
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "../../generated/schema/sqlite/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new ShadowFileLibSQL({ url: process.env.DATABASE_URL ?? "file::memory:" }),
});
