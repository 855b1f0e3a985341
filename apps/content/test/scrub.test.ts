import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { storageKeyOf } from "@hubcache/core";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { fillsRecorded, startStack, type Stack } from "./harness.ts";

const CLI = join(import.meta.dir, "..", "src", "scrub-cli.ts");
const REPO = "demo/tiny-model";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

/** `npm run scrub -- --json`, as an operator runs it, against the stack's database and store. */
async function scrub(): Promise<{
  code: number;
  report: { checked: number; corrupt: string[]; missing: string[] };
}> {
  const child = Bun.spawn([process.execPath, CLI, "--json"], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: `file:${join(stack.dir, "hubcache.db")}`,
      STORAGE_DIR: join(stack.dir, "blobs"),
      HUBCACHE_SECRET: "test",
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, out, err] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  if (code === 2) throw new Error(`scrub failed:\n${out}${err}`);
  return { code, report: JSON.parse(out.trim().split("\n").pop() ?? "{}") };
}

describe("npm run scrub", () => {
  test("re-hashes every blob, removes one whose bytes changed on disk (with its index rows), reports it", async () => {
    for (const path of ["config.json", "onnx/model.onnx"]) {
      expect((await fetch(`${stack.endpoint}/${REPO}/resolve/main/${path}`)).status).toBe(200);
    }
    await fillsRecorded(stack.server.url);
    const clean = await scrub();
    expect(clean.code).toBe(0);
    expect(clean.report).toMatchObject({ checked: 2, corrupt: [], missing: [] });

    const file = await stack.database.db.cachedFile.findFirstOrThrow({ where: { path: "onnx/model.onnx" } });
    // Bit rot: one byte flipped in place, size unchanged.
    const handle = await open(join(stack.dir, "blobs", storageKeyOf(file.blobDigest)), "r+");
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 1000);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, 1000);
    await handle.close();

    const dirty = await scrub();
    expect(dirty.code).toBe(1);
    expect(dirty.report).toMatchObject({ checked: 2, corrupt: [file.blobDigest], missing: [] });
    expect(await stack.database.db.cachedFile.count({ where: { path: "onnx/model.onnx" } })).toBe(0);
    expect(await stack.database.db.cachedFile.count({ where: { path: "config.json" } })).toBe(1);
    // Asked for again, the file comes whole from the Hub.
    const again = await fetch(`${stack.endpoint}/${REPO}/resolve/main/onnx/model.onnx`);
    const expected = await stack.hub.readFile("model", REPO, "main", "onnx/model.onnx");
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(new Uint8Array(expected));
    expect((await scrub()).code).toBe(0);
  }, 30_000);
});
