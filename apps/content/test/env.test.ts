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
      hashThreadMinBytes: 8 * 2 ** 20,
      replayTtlMs: 1_000,
      pageCacheReads: true,
      directPort: null,
      directUrl: null,
      directMinBytes: 8 * 2 ** 20,
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
      STORAGE_URL: "s3://hubcache-blobs/cache",
      S3_ACCESS_KEY_ID: "key-id",
      S3_SECRET_ACCESS_KEY: "key-secret",
      REPLICA_URL: "http://10.0.0.7:8080/",
      CLUSTER_SECRET: "0123456789abcdef0123456789abcdef",
      FILL_LEASE_MS: "3000",
      HASH_THREAD_MIN_BYTES: "1TiB",
      REPLAY_TTL_MS: "0",
      PAGE_CACHE_READS: "off",
    });
    expect(config.pageCacheReads).toBe(false);
    const direct = loadConfig({
      DIRECT_PORT: "8081",
      DIRECT_URL: "https://blobs.example.org/",
      DIRECT_MIN_BYTES: "64MiB",
    });
    expect(direct.directPort).toBe(8081);
    expect(direct.directUrl).toBe("https://blobs.example.org");
    expect(direct.directMinBytes).toBe(64 * 2 ** 20);
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
    expect(config.hashThreadMinBytes).toBe(2 ** 40);
    expect(config.replayTtlMs).toBe(0);
  });

  test("DIRECT_URL needs DIRECT_PORT; a direct port serves a store folder, not a bucket", () => {
    expect(() => loadConfig({ DIRECT_URL: "http://blobs.internal:8081" })).toThrow(
      /DIRECT_URL needs DIRECT_PORT/,
    );
    expect(() =>
      loadConfig({
        DIRECT_PORT: "8081",
        STORAGE_URL: "s3://bucket/blobs",
        S3_ACCESS_KEY_ID: "k",
        S3_SECRET_ACCESS_KEY: "s",
      }),
    ).toThrow(/S3_REDIRECT/);
  });

  test("CLUSTER_SECRET on SQLite or a store folder is refused: a cluster's replicas share PostgreSQL and a bucket", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    expect(() => loadConfig({ CLUSTER_SECRET: secret })).toThrow(
      /CLUSTER_SECRET .* needs a PostgreSQL DATABASE_URL .* and an object store, STORAGE_URL=s3:/,
    );
    expect(() =>
      loadConfig({ CLUSTER_SECRET: secret, DATABASE_URL: "postgresql://db.internal/hubcache" }),
    ).toThrow(/needs an object store, STORAGE_URL=s3:/);
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
        HASH_THREAD_MIN_BYTES: "-1",
        REPLAY_TTL_MS: "-5",
        PAGE_CACHE_READS: "no",
        DIRECT_PORT: "80000",
        DIRECT_MIN_BYTES: "big",
      });
    expect(load).toThrow(/CONTENT_PORT/);
    for (const name of [
      "HUB_URL",
      "CACHE_MAX_BYTES",
      "BOOTSTRAP",
      "REMOTE_URL_ALLOWLIST",
      "DB_QUERY_TIMEOUT_MS",
      "HASH_THREAD_MIN_BYTES",
      "REPLAY_TTL_MS",
      "PAGE_CACHE_READS",
      "DIRECT_PORT",
      "DIRECT_MIN_BYTES",
    ]) {
      expect(load).toThrow(new RegExp(name));
    }
  });
});

describe("the blob store's configuration", () => {
  const s3 = {
    STORAGE_URL: "s3://hub-cache/team/blobs/",
    S3_ENDPOINT: "http://minio.internal:9000/",
    AWS_ACCESS_KEY_ID: "key",
    AWS_SECRET_ACCESS_KEY: "secret",
  };

  test("file: (the default) and STORAGE_DIR are folders under the base dir", () => {
    expect(loadConfig({ INIT_CWD: "/srv" }).objectStore).toBeNull();
    expect(loadConfig({ INIT_CWD: "/srv", STORAGE_URL: "file:./cache" }).storageDir).toBe("/srv/cache");
    expect(loadConfig({ INIT_CWD: "/srv", STORAGE_URL: "file:/data", STORAGE_DIR: "/data" }).storageDir).toBe(
      "/data",
    );
  });

  test("s3:// with an endpoint, the AWS_* names, path style by default off AWS", () => {
    const config = loadConfig({ INIT_CWD: "/srv", ...s3, S3_REDIRECT: "true" });
    expect(config.objectStore).toMatchObject({
      bucket: "hub-cache",
      prefix: "team/blobs",
      endpoint: "http://minio.internal:9000",
      region: "us-east-1",
      accessKeyId: "key",
      secretAccessKey: "secret",
      forcePathStyle: true,
      spoolDir: "/srv/data/spool",
      redirect: true,
      redirectTtlSeconds: 300,
      strayGraceMs: 3_600_000,
    });
    const aws = loadConfig({ ...s3, S3_ENDPOINT: "", AWS_REGION: "eu-west-3" }).objectStore;
    expect(aws).toMatchObject({ endpoint: "https://s3.eu-west-3.amazonaws.com", forcePathStyle: false });
  });

  test("a bucket-less URL, two disagreeing locations, or missing credentials stop the start", () => {
    expect(() => loadConfig({ ...s3, STORAGE_URL: "s3:///prefix" })).toThrow(/needs a bucket/);
    expect(() => loadConfig({ STORAGE_URL: "file:./a", STORAGE_DIR: "./b" })).toThrow(/disagree/);
    expect(() => loadConfig({ ...s3, STORAGE_DIR: "./b" })).toThrow(/disagree/);
    expect(() => loadConfig({ ...s3, AWS_SECRET_ACCESS_KEY: "" })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ STORAGE_URL: "gs://bucket" })).toThrow(/STORAGE_URL must be/);
  });
});
