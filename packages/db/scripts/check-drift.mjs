/* global process, console */
// `npm run -w @hubcache/db check:drift` (CI): fails when prisma/models.prisma and the committed migrations
// disagree, for each provider: `prisma migrate diff --from-migrations <dir> --to-schema-datamodel <schema>
// --exit-code` (0 = in sync, 2 = drift). It replays the migrations into a shadow database: a temp SQLite
// file, and a temporary PostgreSQL database created on the server of TEST_PG_URL / a postgres
// DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) and dropped afterwards.
// PostgreSQL unreachable: skipped with a warning, except under CI where it fails.
import pg from "pg";
import { assembleSchema, migrationsDir, runPrisma, schemaPath } from "./prisma-cli.mjs";

const pgUrl =
  process.env.TEST_PG_URL ||
  (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined) ||
  "postgresql://postgres@127.0.0.1:5432/postgres";

async function pgReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let failed = false;
for (const provider of ["sqlite", "postgres"]) {
  let url;
  if (provider === "postgres") {
    const problem = await pgReachable();
    if (problem) {
      const msg = `PostgreSQL at ${pgUrl} unreachable (${problem})`;
      if (process.env.CI) {
        console.error(`✗ postgres: ${msg}; CI requires it`);
        failed = true;
      } else {
        console.warn(`! postgres: drift check SKIPPED: ${msg}`);
      }
      continue;
    }
    url = pgUrl;
  }
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
      "--exit-code",
    ],
    { url, echo: false },
  );
  if (r.code === 0) {
    console.log(`✓ ${provider}: migrations match prisma/models.prisma`);
  } else {
    failed = true;
    const what =
      r.code === 2 ? "DRIFT: the models changed without a migration" : `prisma exited with ${r.code}`;
    console.error(`✗ ${provider}: ${what}\n${r.stdout}${r.stderr}`);
    if (r.code === 2) console.error(`  fix: see packages/db/README.md "Adding a migration"`);
  }
}
process.exit(failed ? 1 : 0);
