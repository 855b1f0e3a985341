import { describe, expect, test } from "bun:test";
import { loadConfig } from "../src/env.ts";

describe("the content server's configuration", () => {
  test("has a default for everything; empty counts as unset", () => {
    const config = loadConfig({ INIT_CWD: "/srv/hubcache", CONTENT_PORT: "", HUB_URL: "" });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      databaseUrl: "file:./data/hubcache.db",
      baseDir: "/srv/hubcache",
      storageDir: "/srv/hubcache/data/blobs",
      hubUrl: "https://huggingface.co",
      hubToken: null,
      secret: null,
      remoteUrlAllowlist: ["https://huggingface.co"],
      bootstrap: true,
      revisionTtlMs: 60_000,
      shutdownGraceMs: 30_000,
      cacheMaxBytes: null,
      logLevel: "info",
      dbBusyTimeoutMs: 10_000,
      dbConnectTimeoutMs: 5_000,
      dbQueryTimeoutMs: 10_000,
    });
    expect(config.instanceId).toMatch(/^[0-9a-f]{16}$/);
  });

  test("reads units, URLs and switches", () => {
    const config = loadConfig({
      CACHE_MAX_BYTES: "40MiB",
      CACHE_MIN_FREE_BYTES: "1GB",
      HUB_URL: "http://mirror.internal:9000/",
      BOOTSTRAP: "false",
      REVISION_TTL_SECONDS: "0",
      HUBCACHE_SECRET: "s3cret",
      DB_CONNECT_TIMEOUT_MS: "1500",
      DB_QUERY_TIMEOUT_MS: "30000",
    });
    expect(config.cacheMaxBytes).toBe(40 * 2 ** 20);
    expect(config.cacheMinFreeBytes).toBe(1e9);
    expect(config.hubUrl).toBe("http://mirror.internal:9000");
    expect(config.bootstrap).toBe(false);
    expect(config.revisionTtlMs).toBe(0);
    expect(config.secret).toBe("s3cret");
    expect(config.dbConnectTimeoutMs).toBe(1500);
    expect(config.dbQueryTimeoutMs).toBe(30_000);
  });

  test("a bad value stops the start, naming every variable at fault", () => {
    const load = () =>
      loadConfig({
        CONTENT_PORT: "70000",
        HUB_URL: "ftp://hub",
        CACHE_MAX_BYTES: "lots",
        BOOTSTRAP: "maybe",
        REMOTE_URL_ALLOWLIST: "huggingface.co",
        DB_QUERY_TIMEOUT_MS: "0",
      });
    expect(load).toThrow(/CONTENT_PORT/);
    for (const name of [
      "HUB_URL",
      "CACHE_MAX_BYTES",
      "BOOTSTRAP",
      "REMOTE_URL_ALLOWLIST",
      "DB_QUERY_TIMEOUT_MS",
    ]) {
      expect(load).toThrow(new RegExp(name));
    }
  });
});
