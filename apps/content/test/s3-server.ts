import S3rver from "s3rver";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ObjectStoreConfig } from "../src/storage-env.ts";

export interface TestS3 {
  /** The S3 endpoint (path style), credentials S3RVER/S3RVER, region us-east-1. */
  endpoint: string;
  bucket: string;
  /** Multipart uploads not yet completed or aborted, by upload id. */
  uploads: Map<string, { key: string; initiated: Date }>;
  /** The file s3rver keeps an object's bytes in (its mtime is the object's LastModified). */
  objectFile(key: string): string;
  /** An object store configuration for this server under `prefix`. */
  config(prefix: string, overrides?: Partial<ObjectStoreConfig>): ObjectStoreConfig;
  /** The same as env vars, for a content server in its own process. */
  env(prefix: string): Record<string, string>;
  /** Every key under `prefix`. */
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

function xml(text: string): string {
  return text.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * s3rver (npm), with what it lacks and the store needs put in front of it: AbortMultipartUpload and
 * ListMultipartUploads, kept from the CreateMultipartUpload/Complete answers that pass through.
 */
export async function startTestS3(bucket = "hubcache"): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), "hubcache-s3-"));
  const s3rver = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    // Requests come through the shim below, whose Host differs from the one they were signed for.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port: backendPort } = await s3rver.run();
  const backend = `http://127.0.0.1:${backendPort}`;
  // A new connection per forwarded request: s3rver (node:http) closes idle kept-alive connections, and a
  // request sent on one as it closes fails with ECONNRESET (seen in CI on a slow machine).
  const { fetch: toBackend } = new Bun.FetchSession({ keepAlive: false });
  const uploads = new Map<string, { key: string; initiated: Date }>();
  const uploadsDir = s3rver.store.getResourcePath(bucket, undefined, "uploads");
  const keyOf = (url: URL) => decodeURIComponent(url.pathname.slice(`/${bucket}/`.length));

  /**
   * ListObjectsV2 paginated here: s3rver's continuation tokens use DES, which Bun's crypto lacks. The
   * token is the last key listed (s3rver lists at most 1000 keys here: enough for tests).
   */
  const listPage = async (url: URL): Promise<Response> => {
    const maxKeys = Math.min(Number(url.searchParams.get("max-keys") ?? "1000"), 1000);
    const token = url.searchParams.get("continuation-token");
    const forward = new URLSearchParams({ "list-type": "2", prefix: url.searchParams.get("prefix") ?? "" });
    const after = token ? Buffer.from(token, "base64url").toString() : "";
    const response = await toBackend(`${backend}/${bucket}?${forward}`, {
      headers: {
        authorization:
          "AWS4-HMAC-SHA256 Credential=S3RVER/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0",
        "x-amz-date": new Date().toISOString().replace(/[-:]|\.\d+/g, ""),
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      },
    });
    const text = await response.text();
    if (!response.ok) return new Response(text, { status: response.status });
    const keyIn = (entry: string) => /<Key>([^<]*)<\/Key>/.exec(entry)?.[1] ?? "";
    const contents = [...text.matchAll(/<Contents>[\s\S]*?<\/Contents>/g)]
      .map((match) => match[0])
      .filter((entry) => keyIn(entry) > after)
      .sort((a, b) => (keyIn(a) < keyIn(b) ? -1 : 1));
    const page = contents.slice(0, maxKeys);
    const truncated = contents.length > maxKeys;
    const lastKey = keyIn(page.at(-1) ?? "");
    const next = truncated
      ? `<NextContinuationToken>${Buffer.from(lastKey).toString("base64url")}</NextContinuationToken>`
      : "";
    return new Response(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${page.join("")}${next}</ListBucketResult>`,
      { headers: { "content-type": "application/xml" } },
    );
  };

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      const params = url.searchParams;
      if (request.method === "DELETE" && params.has("uploadId")) {
        const uploadId = params.get("uploadId")!;
        if (!uploads.delete(uploadId)) return new Response(null, { status: 404 });
        await rm(join(uploadsDir, uploadId), { recursive: true, force: true });
        return new Response(null, { status: 204 });
      }
      if (
        request.method === "GET" &&
        params.has("uploads") &&
        url.pathname.replace(/\/$/, "") === `/${bucket}`
      ) {
        const prefix = params.get("prefix") ?? "";
        const listed = [...uploads]
          .filter(([, upload]) => upload.key.startsWith(prefix))
          .map(
            ([uploadId, upload]) =>
              `<Upload><Key>${xml(upload.key)}</Key><UploadId>${uploadId}</UploadId><Initiated>${upload.initiated.toISOString()}</Initiated></Upload>`,
          );
        return new Response(
          `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult><Bucket>${bucket}</Bucket><IsTruncated>false</IsTruncated>${listed.join("")}</ListMultipartUploadsResult>`,
          { headers: { "content-type": "application/xml" } },
        );
      }
      if (
        request.method === "GET" &&
        params.get("list-type") === "2" &&
        url.pathname.replace(/\/$/, "") === `/${bucket}`
      ) {
        return listPage(url);
      }
      const body =
        request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      const headers = new Headers(request.headers);
      headers.delete("host");
      const response = await toBackend(`${backend}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body,
        redirect: "manual",
      });
      if (request.method === "POST" && response.ok) {
        const text = await response.text();
        const created = /<UploadId>([^<]+)<\/UploadId>/.exec(text)?.[1];
        if (params.has("uploads") && created)
          uploads.set(created, { key: keyOf(url), initiated: new Date() });
        if (params.has("uploadId") && !text.includes("<Error>")) uploads.delete(params.get("uploadId")!);
        return new Response(text, { status: response.status, headers: response.headers });
      }
      return response;
    },
  });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const config = (prefix: string, overrides: Partial<ObjectStoreConfig> = {}): ObjectStoreConfig => ({
    bucket,
    prefix,
    endpoint,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    sessionToken: null,
    forcePathStyle: true,
    spoolDir: join(directory, `spool-${prefix.replaceAll("/", "-")}`),
    redirect: false,
    redirectTtlSeconds: 300,
    strayGraceMs: 3_600_000,
    ...overrides,
  });
  return {
    endpoint,
    bucket,
    uploads,
    objectFile: (key) => s3rver.store.getResourcePath(bucket, key, "object"),
    config,
    env: (prefix) => ({
      STORAGE_URL: `s3://${bucket}/${prefix}`,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: "true",
    }),
    async keys(prefix) {
      // Asked with Bun's own client: independent of the store under test.
      const s3 = new Bun.S3Client({
        endpoint,
        bucket,
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
        region: "us-east-1",
      });
      const keys: string[] = [];
      let token: string | null = null;
      do {
        const page = await s3.list({ prefix, ...(token ? { continuationToken: token } : {}) });
        keys.push(...(page.contents ?? []).map((entry) => entry.key));
        token = page.isTruncated ? (page.nextContinuationToken ?? null) : null;
      } while (token);
      return keys.sort();
    },
    async close() {
      server.stop(true);
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
