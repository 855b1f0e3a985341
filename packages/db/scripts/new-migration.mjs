/* global process, console */
// `npm run -w @hubcache/db migration:new -- <name>`: after editing prisma/models.prisma, writes
// prisma/<provider>/migrations/<UTC timestamp>_<name>/migration.sql for BOTH providers with
// `prisma migrate diff --from-migrations <dir> --to-schema-datamodel <schema> --script` (offline, shadow
// databases as in check-drift.mjs), then re-runs generate. Review the SQL before committing it.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { assembleSchema, migrationsDir, pkgDir, runPrisma, schemaPath } from "./prisma-cli.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run -w @hubcache/db migration:new -- <name>   (lowercase letters, digits, _)");
  process.exit(1);
}
const pgUrl =
  process.env.TEST_PG_URL ||
  (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined) ||
  "postgresql://postgres@127.0.0.1:5432/postgres";
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const folder = `${stamp}_${name}`;

const scripts = {};
for (const provider of ["sqlite", "postgres"]) {
  assembleSchema(provider);
  const r = await runPrisma(
    provider,
    [
      "migrate",
      "diff",
      "--from-migrations",
      migrationsDir(provider),
      "--to-schema-datamodel",
      schemaPath(provider),
      "--script",
    ],
    { url: provider === "postgres" ? pgUrl : undefined, echo: false },
  );
  if (r.code !== 0) {
    console.error(`prisma migrate diff (${provider}) failed with ${r.code}:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  scripts[provider] = r.stdout;
}
if (Object.values(scripts).every((sql) => !/\S/.test(sql.replace(/^--.*$/gm, "")))) {
  console.log("No changes: prisma/models.prisma matches the migrations.");
  process.exit(0);
}
for (const [provider, sql] of Object.entries(scripts)) {
  const dir = path.join(migrationsDir(provider), folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(pkgDir, dir)}/migration.sql`);
}
const gen = spawnSync(process.execPath, [path.join(pkgDir, "scripts/generate.mjs")], { stdio: "inherit" });
process.exit(gen.status ?? 1);
