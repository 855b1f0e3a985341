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
      replicaUrl: null,
      clusterSecret: null,
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
      DATABASE_URL: "postgresql://hubcache@db.internal/hubcache",
      REPLICA_URL: "http://10.0.0.7:8080/",
      CLUSTER_SECRET: "0123456789abcdef0123456789abcdef",
      FILL_LEASE_MS: "3000",
    });
    expect(config.cacheMaxBytes).toBe(40 * 2 ** 20);
    expect(config.cacheMinFreeBytes).toBe(1e9);
    expect(config.hubUrl).toBe("http://mirror.internal:9000");
    expect(config.bootstrap).toBe(false);
    expect(config.revisionTtlMs).toBe(0);
    expect(config.secret).toBe("s3cret");
    expect(config.dbConnectTimeoutMs).toBe(1500);
    expect(config.dbQueryTimeoutMs).toBe(30_000);
    expect(config.replicaUrl).toBe("http://10.0.0.7:8080");
    expect(config.clusterSecret).toBe("0123456789abcdef0123456789abcdef");
    expect(config.fillLeaseMs).toBe(3000);
  });

  test("CLUSTER_SECRET on SQLite is refused: a cluster's replicas share a PostgreSQL database", () => {
    expect(() => loadConfig({ CLUSTER_SECRET: "0123456789abcdef0123456789abcdef" })).toThrow(
      /CLUSTER_SECRET .* needs a PostgreSQL DATABASE_URL/,
    );
  });

  test("a short CLUSTER_SECRET is refused with the length it needs, without echoing it", () => {
    const secret = "too-short-but-secret";
    let message = "";
    try {
      loadConfig({ CLUSTER_SECRET: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/CLUSTER_SECRET must be at least 32 characters/);
    expect(message).not.toContain(secret);
  });

  test("REPLICA_URL must be an http(s) URL", () => {
    for (const value of ["replica-2:8080", "ftp://replica-2", "not a url"]) {
      expect(() => loadConfig({ REPLICA_URL: value }), value).toThrow(/REPLICA_URL must be an http\(s\) URL/);
    }
    expect(loadConfig({ REPLICA_URL: "https://replica-2.internal" }).replicaUrl).toBe(
      "https://replica-2.internal",
    );
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
