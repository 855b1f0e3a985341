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
const children = [];

function stopAll(code) {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function run(name, command, args, options) {
  const child = spawn(command, args, { stdio: "inherit", env, ...options });
  child.on("exit", (code) => {
    console.error(`${name} exited with code ${code}`);
    stopAll(code ?? 1);
  });
  children.push(child);
  return child;
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
run("content server", bin("bun"), [join(root, "apps", "content", "src", "main.ts")], { cwd: root });
await waitForHealth(`http://127.0.0.1:${contentPort}/healthz`, 60_000);
run("web console", bin("next"), ["start", "-p", webPort], { cwd: webDir });
const signIn = env.ADMIN_PASSWORD
  ? "admin / the ADMIN_PASSWORD you set"
  : "admin / the password printed once in this log on the first start (or set ADMIN_PASSWORD)";
console.log(`\nHubcache is running:
  content server  http://localhost:${contentPort}/huggingface   (export HF_ENDPOINT=http://localhost:${contentPort}/huggingface)
  web console     http://localhost:${webPort}   (sign in: ${signIn})
  REST API        http://localhost:${webPort}/pulp/api/v3/   (curl -u admin:PASSWORD ...)\n`);
