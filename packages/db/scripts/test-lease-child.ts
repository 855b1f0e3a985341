// Test helper (cluster-leases.test.ts): one replica racing others for a lease from its own process and
// its own database connection. Opens the database, prints "ready", waits for a line on stdin, then asks
// for the lease once and prints the result as JSON.
import { acquireLease, openDb } from "../src/index.ts";

const [url, name, holder] = process.argv.slice(2);
if (!url || !name || !holder)
  throw new Error("usage: bun scripts/test-lease-child.ts <DATABASE_URL> <name> <holder>");
const handle = await openDb(url, { migrate: false });
try {
  console.log("ready");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const result = await acquireLease(handle.db, {
    name,
    holder,
    holderUrl: `http://${holder}`,
    ttlMs: 60_000,
  });
  console.log(JSON.stringify({ ...result, token: String(result.token) }));
} finally {
  await handle.close();
  process.stdin.destroy();
}
