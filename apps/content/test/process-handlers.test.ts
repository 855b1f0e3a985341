import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "./harness.ts";

/**
 * The process-level handlers as main.ts installs them, on a real content server in its own process: a
 * stray promise rejection (a forgotten catch) is logged with context and the server keeps serving; an
 * uncaught exception is logged as fatal and shuts the server down.
 */
const SRC = join(import.meta.dir, "..", "src");

/** Starts the content server with the handlers installed; "reject" / "throw" on stdin misbehave. */
const SCRIPT = `
  import { loadConfig } from ${JSON.stringify(join(SRC, "env.ts"))};
  import { createLogger } from ${JSON.stringify(join(SRC, "logger.ts"))};
  import { installProcessHandlers } from ${JSON.stringify(join(SRC, "process-handlers.ts"))};
  import { startContentServer } from ${JSON.stringify(join(SRC, "server.ts"))};
  const config = loadConfig();
  const logger = createLogger("info");
  installProcessHandlers(logger, () => process.exit(70));
  const server = await startContentServer(config, logger);
  console.log("listening " + server.url);
  for await (const line of console) {
    if (line === "reject") Promise.reject(new Error("lost: postgresql://hubcache:s3cret@db.internal/hubcache"));
    if (line === "reject-value") Promise.reject({ status: 503, url: "https://bot:hf_secret@hub.internal/x" });
    if (line === "throw") setTimeout(() => { throw new Error("a bug nothing caught"); });
    if (line === "leak-handle") {
      // A FileHandle dropped unclosed; the collector closes it and the runtime throws, uncaught.
      await (await import("node:fs/promises")).open(process.env.STORAGE_DIR + "/../leaked", "w");
      for (let i = 0; i < 5; i++) { Bun.gc(true); await Bun.sleep(20); }
    }
  }
`;

let dir: string;
let child: Subprocess<"pipe", "pipe", "inherit">;
let printed = "";
let url = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hubcache-handlers-"));
  child = Bun.spawn([process.execPath, "-e", SCRIPT], {
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      CONTENT_PORT: "0",
      DATABASE_URL: `file:${join(dir, "hubcache.db")}`,
      STORAGE_DIR: join(dir, "blobs"),
      HUBCACHE_SECRET: "test",
    },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  void (async () => {
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      printed += decoder.decode(value, { stream: true });
    }
  })();
  url = await eventually(async () => {
    const match = /listening (http:\/\/\S+)/.exec(printed);
    if (!match?.[1]) throw new Error(`not listening yet:\n${printed}`);
    return match[1];
  }, 30_000);
});
afterAll(async () => {
  child.kill("SIGKILL");
  await child.exited;
  await rm(dir, { recursive: true, force: true });
});

/** The JSON log lines whose `event` is `event`. */
const logged = (event: string): Record<string, unknown>[] =>
  printed
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.event === event);

const send = (line: string) => {
  child.stdin.write(`${line}\n`);
  child.stdin.flush();
};

describe("process-level handlers on a running content server", () => {
  test("a stray rejection is logged with context, no password, and the server keeps serving", async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    send("reject");
    const [entry] = await eventually(async () => {
      const entries = logged("unhandledRejection");
      expect(entries).toHaveLength(1);
      return entries;
    });
    expect(entry).toMatchObject({
      level: 50,
      service: "content",
      keepsRunning: true,
      strayRejections: 1,
      msg: expect.stringMatching(/nothing handled it.*keeps running/),
      reason: {
        type: "Error",
        message: "lost: postgresql://hubcache:***@db.internal/hubcache",
        stack: expect.stringContaining("lost: postgresql://hubcache:***@"),
      },
    });
    expect(printed).not.toContain("s3cret");

    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    send("reject");
    await eventually(async () => {
      expect(logged("unhandledRejection").map((e) => e.strayRejections)).toEqual([1, 2]);
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // Something that is not an Error: shown as it is, passwords masked too.
    send("reject-value");
    const third = await eventually(async () => {
      const entry = logged("unhandledRejection")[2];
      if (!entry) throw new Error("not logged yet");
      return entry;
    });
    expect(third.reason).toEqual({
      type: "object",
      message: '{"status":503,"url":"https://bot:***@hub.internal/x"}',
    });
    expect(printed).not.toContain("hf_secret");
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 40_000);

  test("a file handle closed by the garbage collector is logged as a bug and the server keeps serving", async () => {
    send("leak-handle");
    const [entry] = await eventually(async () => {
      const entries = logged("fileHandleCollected");
      expect(entries).toHaveLength(1);
      return entries;
    });
    expect(entry).toMatchObject({
      level: 50,
      keepsRunning: true,
      collectedFileHandles: 1,
      reason: { code: "ERR_INVALID_STATE", message: expect.stringContaining("leaked") },
    });
    expect(logged("uncaughtException")).toEqual([]);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  test("an uncaught exception is logged as fatal and shuts the server down", async () => {
    send("throw");
    expect(await child.exited).toBe(70);
    expect(logged("uncaughtException")).toEqual([
      expect.objectContaining({
        level: 60,
        keepsRunning: false,
        reason: expect.objectContaining({ type: "Error", message: "a bug nothing caught" }),
      }),
    ]);
  });
});
