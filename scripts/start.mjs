#!/usr/bin/env node
// `npm start`: the content server (Bun) and the web console (Next.js), with one set of environment
// variables: CONTENT_PORT, WEB_PORT, DATABASE_URL, STORAGE_DIR, HUB_URL, HUB_TOKEN, BOOTSTRAP.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const env = { ...process.env, INIT_CWD: process.env.INIT_CWD || process.cwd(), NEXT_TELEMETRY_DISABLED: "1" };
const contentPort = env.CONTENT_PORT || "8080";
const webPort = env.WEB_PORT || "3000";
const children = new Set();
let stopping = false;

// Stops both apps the way a service manager would: SIGTERM, then wait for them to finish what they are
// doing (the content server lets transfers in flight finish), then exit.
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  const exits = [...children].map((child) => new Promise((resolve) => child.once("exit", resolve)));
  for (const child of children) child.kill("SIGTERM");
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 40_000))]);
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

/** Runs an app and restarts it if it dies (after 1 s, doubling up to 30 s while it keeps dying young). */
function supervise(name, command, args, options) {
  let delayMs = 1000;
  const start = () => {
    const startedAt = Date.now();
    const child = spawn(command, args, { stdio: "inherit", env, ...options });
    children.add(child);
    child.on("exit", (code, signal) => {
      children.delete(child);
      if (stopping) return;
      if (Date.now() - startedAt > 60_000) delayMs = 1000;
      console.error(`${name} exited (${signal ?? `code ${code}`}); restarting in ${delayMs / 1000} s`);
      setTimeout(start, delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    });
  };
  start();
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

const webDir = join(root, "apps", "web");
if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
  console.log("Building the web console (first start only)...");
  const build = spawnSync(bin("next"), ["build"], { cwd: webDir, stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The content server first: it migrates the database and bootstraps the default distribution.
supervise("content server", bin("bun"), [join(root, "apps", "content", "src", "main.ts")], { cwd: root });
await waitForHealth(`http://127.0.0.1:${contentPort}/healthz`, 60_000);
supervise("web console", bin("next"), ["start", "-p", webPort], { cwd: webDir });
const signIn = env.ADMIN_PASSWORD
  ? "admin / the ADMIN_PASSWORD you set"
  : "admin / the password printed once in this log on the first start (or set ADMIN_PASSWORD)";
console.log(`\nHubcache is running:
  content server  http://localhost:${contentPort}/huggingface   (export HF_ENDPOINT=http://localhost:${contentPort}/huggingface)
  web console     http://localhost:${webPort}   (sign in: ${signIn})
  REST API        http://localhost:${webPort}/pulp/api/v3/   (curl -u admin:PASSWORD ...)\n`);
