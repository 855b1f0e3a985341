// Test helper (content-queries.test.ts): one process racing others on bootstrapDefaults. Prints the result.
import { bootstrapDefaults, openDb, SecretBox } from "../src/index.ts";

const url = process.argv[2];
if (!url) throw new Error("usage: bun scripts/test-bootstrap-child.ts <DATABASE_URL>");
const handle = await openDb(url);
try {
  const created = await bootstrapDefaults(handle.db, {
    hubUrl: "https://huggingface.co",
    secretBox: SecretBox.fromSecret("race"),
  });
  console.log(`created=${created}`);
} finally {
  await handle.close();
}
