import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fill's temp file needs two descriptors (one to write it, one to read it back). Out of descriptors
 * after the first (a real limit: `ulimit -n` in a process of its own), nothing may stay open or on disk:
 * a handle left to the collector makes Bun throw, uncaught.
 */
const SCRIPT = `
  import { openTempFile } from "@hubcache/core";
  import { closeSync, existsSync, openSync } from "node:fs";
  const path = process.env.TEMP_PATH;
  // Take every descriptor but one.
  const held = [];
  for (;;) {
    try { held.push(openSync("/dev/null", "r")); } catch { break; }
  }
  closeSync(held.pop());
  const outcome = await openTempFile(path).then(() => "opened", (error) => "failed " + error.code);
  const fileLeft = existsSync(path);
  let descriptorBack = true;
  try { closeSync(openSync("/dev/null", "r")); } catch { descriptorBack = false; }
  console.log(JSON.stringify({ outcome, fileLeft, descriptorBack }));
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hubcache-descriptors-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a temp file whose second open runs out of descriptors leaves no descriptor open and no file", async () => {
  const child = Bun.spawn(["sh", "-c", `ulimit -n 64 && exec "${process.execPath}" -e "$SCRIPT"`], {
    cwd: join(import.meta.dir, ".."),
    env: { PATH: process.env.PATH ?? "", SCRIPT, TEMP_PATH: join(dir, "fill.tmp") },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  expect(code, err).toBe(0);
  expect(JSON.parse(out.trim().split("\n").at(-1) ?? "{}")).toEqual({
    outcome: "failed EMFILE",
    fileLeft: false,
    descriptorBack: true,
  });
  expect(await readdir(dir)).toEqual([]);
});
