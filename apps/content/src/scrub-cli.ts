import { FsBlobStore } from "@hubcache/core";
import { openDb, redactUrl } from "@hubcache/db";
import { loadConfig } from "./env.ts";
import { scrubStore } from "./scrub.ts";

/**
 * `npm run scrub [-- --json]`: re-hashes every stored blob against its digest and removes the ones that
 * do not match (and index rows whose blob is missing), then prints a report. Exit code 0: all blobs
 * were intact; 1: something was removed; 2: the scrub could not run.
 */
const HELP = `Usage: npm run scrub [-- --json]

Re-hashes every blob in STORAGE_DIR against its sha256 and removes those that do not match, with the
cached files on them (they are fetched again on next use). Uses DATABASE_URL and STORAGE_DIR like the
content server; safe to run while it serves.

  --json   print the report as JSON

Exit codes: 0 all intact, 1 corrupt or missing blobs were removed, 2 error.`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}
const json = args.includes("--json");
const unknown = args.filter((arg) => arg !== "--json");
if (unknown.length > 0) {
  console.error(`Unknown argument: ${unknown[0]}\n\n${HELP}`);
  process.exit(2);
}

try {
  const config = loadConfig();
  const database = await openDb(config.databaseUrl, {
    busyTimeoutMs: config.dbBusyTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    queryTimeoutMs: config.dbQueryTimeoutMs,
    baseDir: config.baseDir,
  });
  try {
    const store = new FsBlobStore(config.storageDir);
    const started = performance.now();
    const report = await scrubStore(database.db, store, (digest, result) => {
      if (!json && result !== "ok") console.log(`${result}: ${digest} (removed)`);
    });
    const seconds = (performance.now() - started) / 1000;
    if (json) {
      console.log(JSON.stringify({ ...report, seconds, database: redactUrl(config.databaseUrl) }));
    } else {
      console.log(
        `scrubbed ${report.checked} blobs (${report.checkedBytes} bytes) in ${seconds.toFixed(1)} s: ` +
          `${report.corrupt.length} corrupt, ${report.missing.length} missing, ` +
          `${report.droppedFiles} cached files removed from the index`,
      );
    }
    process.exitCode = report.corrupt.length + report.missing.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`scrub failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
