import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

/** Where blobs are kept when `STORAGE_URL` is an `s3://` URL: an S3-compatible bucket. */
export interface ObjectStoreConfig {
  bucket: string;
  /** Key prefix without leading or trailing slash; "" for the bucket's root. */
  prefix: string;
  /** The S3 API's base URL (`https://s3.<region>.amazonaws.com` unless S3_ENDPOINT says otherwise). */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (MinIO, Ceph, s3rver). */
  forcePathStyle: boolean;
  /** Local folder of the fills in progress (readers follow the writer there; per process). */
  spoolDir: string;
  /** Cached file GETs answer with a 302 to a presigned URL of the object. */
  redirect: boolean;
  redirectTtlSeconds: number;
  /**
   * Multipart uploads and temp objects older than this are strays (their process died) and are removed;
   * younger ones may be another replica's fill in progress. Recovery spares unindexed blobs this young.
   */
  strayGraceMs: number;
}

export interface StorageConfig {
  storageDir: string;
  objectStore: ObjectStoreConfig | null;
}

const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

/** The variables that choose and configure the blob store (merged into env.ts's schema). */
export const storageEnvShape = {
  STORAGE_URL: optionalString,
  STORAGE_DIR: optionalString,
  STORAGE_SPOOL_DIR: optionalString,
  S3_ENDPOINT: optionalString,
  AWS_ENDPOINT_URL: optionalString,
  S3_REGION: optionalString,
  AWS_REGION: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  S3_FORCE_PATH_STYLE: z
    .preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"]).optional())
    .transform((value) => (value === undefined ? null : value === "true")),
  S3_REDIRECT: z
    .preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"]).optional())
    .transform((value) => value === "true"),
  S3_REDIRECT_TTL_S: z
    .preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(10).max(604_800).optional(),
    )
    .transform((value) => value ?? 300),
  S3_STRAY_GRACE_S: z
    .preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(0).max(604_800).optional(),
    )
    .transform((value) => value ?? 3600),
};

type StorageEnv = z.infer<z.ZodObject<typeof storageEnvShape>>;

const DEFAULT_STORAGE_DIR = "./data/blobs";

/**
 * `STORAGE_URL` (`file:<dir>` or `s3://bucket/prefix`), or the older `STORAGE_DIR`, into where blobs go.
 * Returns the problems instead when the combination makes no sense: a start-up error names them.
 */
export function resolveStorage(e: StorageEnv, baseDir: string): StorageConfig | { problems: string[] } {
  const local = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));
  const url = e.STORAGE_URL;
  if (url === undefined || url.startsWith("file:")) {
    const fromUrl = url === undefined ? undefined : url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (fromUrl === "") return { problems: ['STORAGE_URL "file:" needs a folder, e.g. file:./data/blobs'] };
    if (fromUrl !== undefined && e.STORAGE_DIR !== undefined && local(fromUrl) !== local(e.STORAGE_DIR)) {
      return { problems: [`STORAGE_URL (${url}) and STORAGE_DIR (${e.STORAGE_DIR}) disagree: set only one`] };
    }
    return { storageDir: local(fromUrl ?? e.STORAGE_DIR ?? DEFAULT_STORAGE_DIR), objectStore: null };
  }
  if (!url.startsWith("s3://")) {
    return { problems: [`STORAGE_URL must be file:<folder> or s3://<bucket>/<prefix>, got "${url}"`] };
  }
  const problems: string[] = [];
  const [bucket = "", ...rest] = url.slice("s3://".length).split("/");
  const prefix = rest.filter((part) => part !== "").join("/");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(`STORAGE_URL needs a bucket name: s3://<bucket>/<prefix>, got "${url}"`);
  }
  if (e.STORAGE_DIR !== undefined) {
    problems.push(`STORAGE_URL (${url}) and STORAGE_DIR (${e.STORAGE_DIR}) disagree: set only one`);
  }
  const accessKeyId = e.S3_ACCESS_KEY_ID ?? e.AWS_ACCESS_KEY_ID;
  const secretAccessKey = e.S3_SECRET_ACCESS_KEY ?? e.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    problems.push(
      "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) are required with an s3:// STORAGE_URL",
    );
  }
  const region = e.S3_REGION ?? e.AWS_REGION ?? "us-east-1";
  const endpointRaw = e.S3_ENDPOINT ?? e.AWS_ENDPOINT_URL;
  let endpoint = `https://s3.${region}.amazonaws.com`;
  if (endpointRaw !== undefined) {
    const parsed = URL.canParse(endpointRaw) ? new URL(endpointRaw) : null;
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      problems.push(`S3_ENDPOINT must be an http(s) URL, got "${endpointRaw}"`);
    } else endpoint = endpointRaw.replace(/\/+$/, "");
  }
  if (problems.length > 0 || !accessKeyId || !secretAccessKey) return { problems };
  return {
    storageDir: local(DEFAULT_STORAGE_DIR),
    objectStore: {
      bucket,
      prefix,
      endpoint,
      region,
      accessKeyId,
      secretAccessKey,
      sessionToken: e.AWS_SESSION_TOKEN ?? null,
      // AWS prefers virtual-hosted style; the servers people run themselves usually need path style.
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? endpointRaw !== undefined,
      spoolDir: local(e.STORAGE_SPOOL_DIR ?? "./data/spool"),
      redirect: e.S3_REDIRECT,
      redirectTtlSeconds: e.S3_REDIRECT_TTL_S,
      strayGraceMs: e.S3_STRAY_GRACE_S * 1000,
    },
  };
}
