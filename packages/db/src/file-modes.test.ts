import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authSecret } from "./auth-secret.ts";
import { openDb } from "./client.ts";
import { migrate } from "./migrate.ts";
import { SecretBox } from "./secret-box.ts";

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe("file modes of a fresh data folder (umask 022)", () => {
  let tmp = "";
  let umask = 0;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hubcache-modes-"));
    umask = process.umask(0o022); // the usual umask, whatever the test runner has
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("SQLite: the folder is 0700, the database and its -wal / -shm files 0600", async () => {
    const data = path.join(tmp, "data");
    const file = path.join(data, "hubcache.db");
    const handle = await openDb(`file:${file}`);
    try {
      await handle.db.team.create({ data: { name: "t", slug: "t" } }); // a write: the WAL is in use
      expect(modeOf(data).toString(8)).toBe("700");
      for (const name of ["hubcache.db", "hubcache.db-wal", "hubcache.db-shm"]) {
        expect(fs.existsSync(path.join(data, name)), name).toBe(true);
        expect(modeOf(path.join(data, name)).toString(8), name).toBe("600");
      }
    } finally {
      await handle.close();
    }
  });

  it("SQLite: files an older version left readable by others are made 0600", async () => {
    const data = path.join(tmp, "old");
    const file = path.join(data, "hubcache.db");
    await migrate(`file:${file}`);
    for (const name of fs.readdirSync(data)) fs.chmodSync(path.join(data, name), 0o644);
    await migrate(`file:${file}`);
    for (const name of fs.readdirSync(data)) {
      expect(modeOf(path.join(data, name)).toString(8), name).toBe("600");
    }
  });

  it("key files: secret.key (also the source of the auth secret) is 0600 in a 0700 folder", () => {
    const keyFile = path.join(tmp, "keys", "secret.key");
    SecretBox.load({ env: {}, keyFile });
    expect(modeOf(path.dirname(keyFile)).toString(8)).toBe("700");
    expect(modeOf(keyFile).toString(8)).toBe("600");

    const other = path.join(tmp, "auth", "data", "hubcache.db");
    const secret = authSecret({ env: {}, databaseUrl: `file:${other}` });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(modeOf(path.join(tmp, "auth", "data")).toString(8)).toBe("700");
    expect(modeOf(path.join(tmp, "auth", "data", "secret.key")).toString(8)).toBe("600");

    // a key file left readable by others is made 0600
    fs.chmodSync(keyFile, 0o644);
    SecretBox.load({ env: {}, keyFile });
    expect(modeOf(keyFile).toString(8)).toBe("600");
  });
});
