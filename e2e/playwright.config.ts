import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Fixed local ports for the three servers, below Linux's ephemeral range (32768–60999): a port in it can
// be taken as the source port of any outgoing connection of the tests running beside (CI once failed on
// EADDRINUSE). A fresh database and storage folder per run.
const ports = { hub: 29_001, content: 29_080, web: 29_030 };
// The config is evaluated again in each worker: they inherit the first evaluation's folder.
const dataDir = (process.env.HUBCACHE_E2E_DATA ??= mkdtempSync(join(tmpdir(), "hubcache-e2e-")));
const root = join(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const env = {
  DATABASE_URL: `file:${join(dataDir, "hubcache.db")}`,
  STORAGE_DIR: join(dataDir, "blobs"),
  HUBCACHE_SECRET: "e2e",
  HUB_URL: `http://127.0.0.1:${ports.hub}`,
  // Nothing is bootstrapped: the seed README's REST calls create the remote and the distribution.
  BOOTSTRAP: "false",
  CONTENT_PORT: String(ports.content),
  CONTENT_PUBLIC_URL: `http://127.0.0.1:${ports.content}`,
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  ADMIN_PASSWORD: "e2e-admin-password",
  // Every test signs in from the same address; the limit itself is tested in apps/web's unit tests.
  SIGN_IN_ATTEMPTS_PER_MINUTE: "100",
  WEB_PORT: String(ports.web),
  WEB_PUBLIC_URL: `http://127.0.0.1:${ports.web}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

export const E2E_PORTS = ports;
export const ADMIN = { username: "admin", password: env.ADMIN_PASSWORD };
export const HUB_URL = env.HUB_URL;

export default defineConfig({
  testDir: "tests",
  // Every test sets up what it needs (tests/support/fixtures.ts) under names of its own: they run in any
  // order, side by side.
  fullyParallel: true,
  // Two workers locally; one under CI, where the browser tests share the two cores with the rest of the
  // suite and a slow machine should not turn into timeouts.
  workers: process.env.CI ? 1 : 2,
  outputDir: "test-results",
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${ports.web}`,
    screenshot: "on",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `${bin("bun")} ${join(root, "packages/fake-hub/src/cli.ts")} --port ${ports.hub} --token hf_e2e_remote_token=e2e-user`,
      url: `http://127.0.0.1:${ports.hub}/api/models/gpt2`,
      reuseExistingServer: false,
    },
    {
      command: `${bin("bun")} ${join(root, "apps/content/src/main.ts")}`,
      url: `http://127.0.0.1:${ports.content}/healthz`,
      env,
      reuseExistingServer: false,
    },
    {
      command: `${bin("next")} start -p ${ports.web} -H 127.0.0.1`,
      cwd: join(root, "apps/web"),
      url: `http://127.0.0.1:${ports.web}`,
      env,
      reuseExistingServer: false,
    },
  ],
});
