// `npm run -w @hubcache/db migrate` (or `npm run db:migrate` at the root): applies pending migrations to
// DATABASE_URL (default file:./data/hubcache.db, relative to where npm was run). Runs with Bun, no Prisma CLI.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const pkgDir = path.resolve(import.meta.dirname, "..");
if (!fs.existsSync(path.join(pkgDir, "generated/migrations.ts"))) {
  const r = spawnSync("node", [path.join(pkgDir, "scripts/generate.mjs")], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { migrate } = await import("../src/migrate.ts");
const { databaseUrlOrDefault, redactUrl, resolveDatabaseUrl } = await import("../src/url.ts");

// A command-line entry point: it reads its own environment (relative paths from where npm was run).
const url = databaseUrlOrDefault(process.argv[2] ?? process.env.DATABASE_URL);
const baseDir = process.env.INIT_CWD || process.cwd();
try {
  const result = await migrate(url, { baseDir });
  for (const name of result.applied) console.log(`applied ${name}`);
  for (const name of result.unknown) console.warn(`warning: ${name} is recorded but unknown to this version`);
  console.log(
    `${result.provider} ${redactUrl(resolveDatabaseUrl(url, baseDir))}: ${result.applied.length} migration(s) applied, up to date`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
