// Part of `npm test`: the package under Bun (the content server's runtime). Opens a fresh SQLite file
// (and a fresh PostgreSQL database when reachable; required under CI), migrates, and exercises the API.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  bootstrapDefaults,
  createPrismaCacheIndex,
  listDistributions,
  openDb,
  SecretBox,
  type DbProvider,
} from "../src/index.ts";
import { createTestDatabase, testProviders } from "../src/test-support.ts";

const bunVersion = process.versions.bun;
if (!bunVersion) throw new Error("run me with bun: node_modules/.bin/bun scripts/bun-smoke.ts");

async function smoke(provider: DbProvider): Promise<void> {
  const database = await createTestDatabase(provider);
  try {
    const handle = await openDb(database.url);
    try {
      const box = SecretBox.fromSecret("bun-smoke");
      if (
        !(await bootstrapDefaults(handle.db, {
          hubUrl: "https://huggingface.co",
          hubToken: "hf_x",
          secretBox: box,
        }))
      ) {
        throw new Error("bootstrap created nothing on an empty database");
      }
      const [route] = await listDistributions(handle.db);
      if (route?.basePath !== "huggingface" || box.open(route.remote.hfTokenEncrypted ?? "") !== "hf_x") {
        throw new Error(`unexpected distributions: ${JSON.stringify(route)}`);
      }
      const index = createPrismaCacheIndex(handle.db);
      const repo = { remoteId: route.remote.id, repoType: "model" as const, repoId: "org/m" };
      const file = {
        commit: "a".repeat(40),
        path: "config.json",
        blobDigest: "b".repeat(64),
        etag: '"e"',
        linkedEtag: null,
        size: 3,
        lfs: false,
      };
      await Promise.all([index.putFile(repo, file, "k"), index.putFile(repo, file, "k")]);
      await index.recordFileHits(repo, file.commit, file.path, 1, new Date());
      const got = await index.getFile(repo, file.commit, file.path);
      const blob = await index.getBlob(file.blobDigest);
      if (JSON.stringify(got) !== JSON.stringify(file) || blob?.hits !== 1) {
        throw new Error(`cache index mismatch: ${JSON.stringify({ got, blob })}`);
      }
    } finally {
      await handle.close();
    }
    console.log(`bun ${bunVersion} smoke (${provider}): ok`);
  } finally {
    await database.drop();
  }
}

// Also check the default location logic creates the SQLite directory under Bun.
const base = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-bun-"));
try {
  const handle = await openDb("file:./data/hubcache.db", { baseDir: base });
  await handle.db.team.count();
  await handle.close();
  if (!fs.existsSync(path.join(base, "data", "hubcache.db"))) throw new Error("SQLite file not created");
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}

for (const provider of await testProviders()) await smoke(provider);
