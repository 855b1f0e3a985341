import {
  BlobLeases,
  openTempFile,
  readTempFile,
  storageKeyOf,
  type BlobStore,
  SmallBlobMemory,
  type ExpectedBlob,
  type StoredBlobEntry,
  type TempBlob,
} from "@hubcache/core";
import { AwsClient } from "aws4fetch";
import { S3Client } from "bun";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readdir, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { ObjectStoreConfig } from "./storage-env.ts";

const MiB = 2 ** 20;
/** S3's smallest part (but the last). */
const MIN_PART_SIZE = 5 * MiB;
/** The largest object a single CopyObject may copy. */
const MAX_COPY_SIZE = 5 * 2 ** 30;
const DIGEST_KEY = /(?:^|\/)sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const DIR_MODE = 0o700;
const ATTEMPTS = 3;

export interface S3BlobStoreOptions extends ObjectStoreConfig {
  /** How long a blob handed to a client the store cannot follow (a redirect) counts as in use. */
  graceMs?: number;
  /** Bytes per multipart part (default 8 MiB; at least 5 MiB, S3's minimum). */
  partSize?: number;
  /** Keys per list request (default 1000, S3's maximum). */
  listPageSize?: number;
  /**
   * How long a small blob kept in memory (`readSmall`) is served before it is fetched again: another
   * replica may delete it meanwhile (a purge, an eviction). Default 2 s.
   */
  smallBlobTtlMs?: number;
  now?: () => number;
  /** Hears of failures the store gets over by itself (an abort that failed: the sweep retries it). */
  onError?: (error: unknown, context: string) => void;
}

/** An S3 request that failed: its status and S3 error code. */
export class S3RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The text of every `<tag>…</tag>` in `xml`, entities decoded (S3's answers are flat enough for this). */
function xmlValues(xml: string, tag: string): string[] {
  const values: string[] = [];
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  for (const match of xml.matchAll(pattern)) values.push(decodeXml(match[1]!));
  return values;
}

function xmlValue(xml: string, tag: string): string | null {
  return xmlValues(xml, tag)[0] ?? null;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (entity[0] !== "#") return named[entity.toLowerCase()]!;
    return String.fromCodePoint(
      entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
    );
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Blobs as objects in an S3-compatible bucket (AWS S3, MinIO, R2, Ceph RGW: plain S3 API calls only),
 * under `<prefix>/sha256/ab/cd/<digest>`, shared by every content server that uses the bucket.
 *
 * A fill is spooled to a local file (readers follow the writer there) and streamed to the bucket as it
 * arrives, in parts of a multipart upload. When the sha256 is known up front (LFS files) the upload goes
 * to the final key: it appears there only at CompleteMultipartUpload, done in `commit` after the bytes
 * were verified; otherwise it goes to `<prefix>/tmp/<random>` and is copied into place on commit. A file
 * smaller than one part is a single PutObject on commit. Aborted fills abort their upload; uploads and
 * temp objects a killed process left are removed by `sweep` once older than the grace (younger ones may
 * be another replica's fill in progress).
 *
 * Requests that write are signed with aws4fetch (Bun's own S3 writer cannot abort an upload); reads and
 * presigned URLs use Bun's S3 client.
 */
export class S3BlobStore implements BlobStore {
  private readonly aws: AwsClient;
  private readonly bun: S3Client;
  private readonly leases: BlobLeases;
  private readonly small: SmallBlobMemory;
  private readonly now: () => number;
  readonly partSize: number;
  private readonly listPageSize: number;
  /** Uploads and temp keys of this process's fills in progress: never swept, however old. */
  readonly active = new Set<string>();
  /** Deletions under way: a fill committing the same digest waits for them. */
  readonly deleting = new Map<string, Promise<void>>();

  constructor(readonly options: S3BlobStoreOptions) {
    this.aws = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      sessionToken: options.sessionToken ?? undefined,
      region: options.region,
      service: "s3",
      retries: 0,
    });
    this.bun = new S3Client({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      sessionToken: options.sessionToken ?? undefined,
      region: options.region,
      endpoint: options.endpoint,
      bucket: options.bucket,
      virtualHostedStyle: !options.forcePathStyle,
    });
    this.leases = new BlobLeases(options.graceMs);
    this.now = options.now ?? Date.now;
    this.small = new SmallBlobMemory({ ttlMs: options.smallBlobTtlMs ?? 2_000, now: this.now });
    this.partSize = Math.max(options.partSize ?? 8 * MiB, MIN_PART_SIZE);
    this.listPageSize = options.listPageSize ?? 1000;
  }

  /** The bucket key of a store-relative key (`sha256/…`, `tmp/…`). */
  key(relative: string): string {
    return this.options.prefix ? `${this.options.prefix}/${relative}` : relative;
  }

  private url(key: string, query: Record<string, string> = {}): string {
    const { endpoint, bucket, forcePathStyle } = this.options;
    const path = key.split("/").map(encodeURIComponent).join("/");
    const base = new URL(endpoint);
    const url = forcePathStyle
      ? new URL(`${base.origin}${base.pathname.replace(/\/$/, "")}/${bucket}/${path}`)
      : new URL(`${base.protocol}//${bucket}.${base.host}${base.pathname.replace(/\/$/, "")}/${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  /**
   * A signed request; retried on network errors and 5xx. A 200 carrying an `<Error>` (CompleteMultipart
   * and CopyObject can answer so) counts as a failure. `accept` lists statuses that are not errors.
   */
  async request(
    method: string,
    key: string,
    init: {
      query?: Record<string, string>;
      headers?: Record<string, string>;
      body?: Uint8Array<ArrayBuffer> | string;
    } = {},
    accept: number[] = [],
  ): Promise<{ status: number; headers: Headers; text: string }> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      let response: Response;
      let text: string;
      try {
        response = await this.aws.fetch(this.url(key, init.query), {
          method,
          headers: init.headers,
          body: init.body,
        });
        text = method === "HEAD" ? "" : await response.text();
      } catch (error) {
        // Network trouble: tried again.
        lastError = error;
        if (attempt < ATTEMPTS) await Bun.sleep(100 * 2 ** attempt);
        continue;
      }
      const errorBody = /^\s*(<\?xml[^>]*\?>\s*)?<Error>/.test(text);
      if ((response.ok || accept.includes(response.status)) && !errorBody) {
        return { status: response.status, headers: response.headers, text };
      }
      const code = xmlValue(text, "Code") ?? String(response.status);
      const detail = xmlValue(text, "Message");
      lastError = new S3RequestError(
        response.status,
        code,
        `S3 ${method} ${key || "/"} failed: ${response.status} ${code}${detail ? `: ${detail}` : ""}`,
      );
      // A 4xx will not get better; a 5xx or an error inside a 200 (SlowDown, InternalError) may.
      if (!response.ok && response.status < 500) break;
      if (attempt < ATTEMPTS) await Bun.sleep(100 * 2 ** attempt);
    }
    throw lastError;
  }

  /**
   * Creates the spool folder and empties it (it belongs to this process), checks that the bucket
   * answers, and sweeps strays. Returns how many spool files and strays went.
   */
  async init(): Promise<number> {
    await mkdir(this.options.spoolDir, { recursive: true, mode: DIR_MODE });
    let removed = 0;
    for (const name of await readdir(this.options.spoolDir)) {
      await rm(join(this.options.spoolDir, name), { force: true, recursive: true });
      removed++;
    }
    await this.listOne();
    return removed + (await this.sweep());
  }

  /** The bucket answers a listing, and the spool folder is writable (a readiness probe). */
  async ready(): Promise<void> {
    await access(this.options.spoolDir, constants.W_OK | constants.X_OK);
    await this.listOne();
  }

  private async listOne(): Promise<void> {
    await this.request("GET", "", {
      query: { "list-type": "2", prefix: this.key("sha256/"), "max-keys": "1" },
    });
  }

  localPath(): null {
    return null;
  }

  async size(digest: string): Promise<number | null> {
    const { status, headers } = await this.request("HEAD", this.key(storageKeyOf(digest)), {}, [404]);
    if (status === 404) return null;
    return Number(headers.get("content-length"));
  }

  read(digest: string, start: number, end: number): ReadableStream<Uint8Array> {
    return this.bun
      .file(this.key(storageKeyOf(digest)))
      .slice(start, end + 1)
      .stream();
  }

  redirectUrl(digest: string, fileName: string): string | null {
    if (!this.options.redirect) return null;
    // The client fetches the object moments later: eviction leaves it alone meanwhile.
    this.leases.touch(digest);
    return this.bun.presign(this.key(storageKeyOf(digest)), {
      expiresIn: this.options.redirectTtlSeconds,
      method: "GET",
      contentDisposition: `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, "_")}"`,
    });
  }

  async createTemp(expected?: ExpectedBlob): Promise<TempBlob> {
    await mkdir(this.options.spoolDir, { recursive: true, mode: DIR_MODE });
    const name = `${Date.now()}-${randomBytes(8).toString("hex")}`;
    const path = join(this.options.spoolDir, name);
    const { writer, reader } = await openTempFile(path);
    // A known sha256 (and a file of several parts): the upload goes straight to its final key.
    const sha256 = expected?.sha256 ?? null;
    const uploadKey = sha256 ? this.key(storageKeyOf(sha256)) : this.key(`tmp/${name}`);
    return new S3TempBlob(this, path, writer, reader, sha256, uploadKey);
  }

  /**
   * A small blob's bytes, from memory when fetched within `smallBlobTtlMs`, else with one GET. None with
   * S3_REDIRECT: then the bytes are to go from the bucket, not through the content server.
   */
  async readSmall(digest: string, size: number): Promise<Uint8Array<ArrayBuffer> | null> {
    if (this.options.redirect) return null;
    const object = this.bun.file(this.key(storageKeyOf(digest)));
    return this.small.read(digest, size, async () => new Uint8Array(await object.arrayBuffer()));
  }

  async delete(digest: string): Promise<void> {
    this.small.delete(digest);
    const done = this.request("DELETE", this.key(storageKeyOf(digest)), {}, [404]).then(() => undefined);
    this.deleting.set(
      digest,
      done.catch(() => undefined),
    );
    try {
      await done;
    } finally {
      this.deleting.delete(digest);
    }
  }

  async deleteIfUnused(digest: string): Promise<boolean> {
    if (this.leases.inUse(digest)) return false;
    await this.delete(digest);
    return true;
  }

  lease(digest: string): () => void {
    return this.leases.lease(digest);
  }

  touch(digest: string): void {
    this.leases.touch(digest);
  }

  inUse(digest: string): boolean {
    return this.leases.inUse(digest);
  }

  /** Every object under `<prefix>/<under>`, with its LastModified, page by page (ListObjectsV2). */
  async *listObjects(under: string): AsyncIterable<{ key: string; lastModifiedMs: number }> {
    let token: string | null = null;
    do {
      const query: Record<string, string> = {
        "list-type": "2",
        prefix: this.key(under),
        "max-keys": String(this.listPageSize),
      };
      if (token) query["continuation-token"] = token;
      const { text } = await this.request("GET", "", { query });
      for (const entry of xmlValues(text, "Contents")) {
        const key = xmlValue(entry, "Key");
        const modified = xmlValue(entry, "LastModified");
        if (key !== null) yield { key, lastModifiedMs: modified ? Date.parse(modified) : 0 };
      }
      token = xmlValue(text, "IsTruncated") === "true" ? xmlValue(text, "NextContinuationToken") : null;
    } while (token);
  }

  async *list(): AsyncIterable<string> {
    for await (const entry of this.listWithAge()) yield entry.digest;
  }

  async *listWithAge(): AsyncIterable<StoredBlobEntry> {
    for await (const { key, lastModifiedMs } of this.listObjects("sha256/")) {
      const match = DIGEST_KEY.exec(key);
      if (match && match[3]!.startsWith(match[1]! + match[2]!)) {
        yield { digest: match[3]!, storedAtMs: lastModifiedMs };
      }
    }
  }

  /** No file-system limit: the bucket's size is bounded by CACHE_MAX_BYTES only. */
  async space(): Promise<null> {
    return null;
  }

  /** Multipart uploads under the prefix (ListMultipartUploads), page by page. */
  async *listUploads(): AsyncIterable<{ key: string; uploadId: string; initiatedMs: number }> {
    let keyMarker: string | null = null;
    let uploadIdMarker: string | null = null;
    for (;;) {
      const query: Record<string, string> = { uploads: "", prefix: this.key("") };
      if (keyMarker !== null) query["key-marker"] = keyMarker;
      if (uploadIdMarker !== null) query["upload-id-marker"] = uploadIdMarker;
      const { text } = await this.request("GET", "", { query });
      for (const upload of xmlValues(text, "Upload")) {
        const key = xmlValue(upload, "Key");
        const uploadId = xmlValue(upload, "UploadId");
        const initiated = xmlValue(upload, "Initiated");
        if (key !== null && uploadId !== null) {
          yield { key, uploadId, initiatedMs: initiated ? Date.parse(initiated) : 0 };
        }
      }
      if (xmlValue(text, "IsTruncated") !== "true") return;
      keyMarker = xmlValue(text, "NextKeyMarker");
      uploadIdMarker = xmlValue(text, "NextUploadIdMarker");
      if (!keyMarker) return;
    }
  }

  abortUpload(key: string, uploadId: string): Promise<unknown> {
    return this.request("DELETE", key, { query: { uploadId } }, [404]);
  }

  /**
   * Aborts multipart uploads and deletes temp objects older than the grace that are not this process's
   * own: what killed fills left (here or on another replica). Returns how many went.
   */
  async sweep(): Promise<number> {
    const before = this.now() - this.options.strayGraceMs;
    let removed = 0;
    for await (const upload of this.listUploads()) {
      if (upload.initiatedMs >= before || this.active.has(upload.uploadId)) continue;
      await this.abortUpload(upload.key, upload.uploadId);
      removed++;
    }
    for await (const object of this.listObjects("tmp/")) {
      if (object.lastModifiedMs >= before || this.active.has(object.key)) continue;
      await this.request("DELETE", object.key, {}, [404]);
      removed++;
    }
    return removed;
  }
}

/**
 * One fill: bytes appended to a local spool file (what readers read) and uploaded from it in parts, one
 * part in flight at a time, so memory stays at one part whatever the file's size.
 */
class S3TempBlob implements TempBlob {
  private written = 0;
  /** Bytes handed to part uploads (sent or being sent). */
  private queued = 0;
  private readonly parts: Array<{ number: number; etag: string }> = [];
  private upload: Promise<string> | null = null;
  private uploadId: string | null = null;
  private inFlight: Promise<void> | null = null;
  private failure: Error | null = null;
  private state: "writing" | "committing" | "committed" | "aborted" = "writing";
  private writerOpen = true;
  private readerOpen = true;
  /** The temp object exists (its upload completed) and must go if the copy does not happen. */
  private tempObject = false;

  constructor(
    private readonly store: S3BlobStore,
    private readonly path: string,
    private readonly writer: FileHandle,
    private readonly reader: FileHandle,
    private readonly sha256: string | null,
    private readonly uploadKey: string,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.state !== "writing") throw new Error("write to a finished fill");
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.writer.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.written += chunk.length;
    this.pump();
  }

  read(position: number, length: number): Promise<Uint8Array> {
    return readTempFile(this.reader, position, length);
  }

  /** Starts the next full part's upload when none is in flight. */
  private pump(): void {
    if (this.inFlight || this.failure || this.written - this.queued < this.store.partSize) return;
    const offset = this.queued;
    this.queued += this.store.partSize;
    this.inFlight = this.uploadPart(offset, this.store.partSize).then(
      () => {
        this.inFlight = null;
        if (this.state === "writing") this.pump();
      },
      (error: unknown) => {
        this.inFlight = null;
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
  }

  private startUpload(): Promise<string> {
    this.upload ??= this.store
      .request("POST", this.uploadKey, {
        query: { uploads: "" },
        headers: { "content-type": "application/octet-stream" },
      })
      .then(({ text }) => {
        const uploadId = xmlValue(text, "UploadId");
        if (!uploadId) throw new Error("S3 CreateMultipartUpload answered without an UploadId");
        this.uploadId = uploadId;
        this.store.active.add(uploadId);
        return uploadId;
      });
    return this.upload;
  }

  private async spooled(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
    const buffer = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.reader.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) throw new Error("spool file shorter than written");
      done += bytesRead;
    }
    return buffer;
  }

  private async uploadPart(offset: number, length: number): Promise<void> {
    const uploadId = await this.startUpload();
    const number = this.parts.length + 1;
    const body = await this.spooled(offset, length);
    const { headers } = await this.store.request("PUT", this.uploadKey, {
      query: { partNumber: String(number), uploadId },
      body,
    });
    const etag = headers.get("etag");
    if (!etag) throw new Error("S3 UploadPart answered without an ETag");
    this.parts.push({ number, etag });
  }

  async commit(digest: string): Promise<string> {
    if (this.state !== "writing") throw new Error(`commit of a fill that is ${this.state}`);
    this.state = "committing";
    if (this.sha256 !== null && digest !== this.sha256) {
      // Never completed under the announced key with other bytes: the upload goes.
      await this.abort();
      throw new Error(`fill announced as ${this.sha256} but committed as ${digest}: aborted`);
    }
    await this.closeWriter();
    const storageKey = storageKeyOf(digest);
    const finalKey = this.store.key(storageKey);
    // A deletion of the same digest in flight would otherwise remove the blob just stored.
    await this.store.deleting.get(digest);
    if (this.upload === null) {
      // Smaller than one part: one PutObject, straight to the final key (it appears complete or not at all).
      const body = await this.spooled(0, this.written);
      await this.store.request("PUT", finalKey, {
        body,
        headers: { "content-type": "application/octet-stream" },
      });
    } else {
      await this.inFlight;
      if (this.failure) throw this.failure;
      if (this.written > this.queued) {
        const offset = this.queued;
        this.queued = this.written;
        await this.uploadPart(offset, this.written - offset);
      }
      const uploadId = await this.upload;
      const body =
        "<CompleteMultipartUpload>" +
        this.parts
          .map(
            (part) =>
              `<Part><PartNumber>${part.number}</PartNumber><ETag>${escapeXml(part.etag)}</ETag></Part>`,
          )
          .join("") +
        "</CompleteMultipartUpload>";
      await this.store.request("POST", this.uploadKey, { query: { uploadId }, body });
      this.store.active.delete(uploadId);
      this.uploadId = null;
      if (this.uploadKey !== finalKey) {
        this.tempObject = true;
        this.store.active.add(this.uploadKey);
        if (this.written > MAX_COPY_SIZE) {
          throw new Error(
            `a file of ${this.written} bytes without a known sha256 cannot be copied into place (CopyObject stops at 5 GiB)`,
          );
        }
        await this.store.request("PUT", finalKey, {
          headers: { "x-amz-copy-source": `/${this.store.options.bucket}/${encodeURI(this.uploadKey)}` },
        });
        await this.deleteTempObject();
      }
    }
    this.state = "committed";
    await rm(this.path, { force: true });
    return storageKey;
  }

  private async deleteTempObject(): Promise<void> {
    if (!this.tempObject) return;
    this.tempObject = false;
    try {
      await this.store.request("DELETE", this.uploadKey, {}, [404]);
    } catch (error) {
      this.store.options.onError?.(error, "delete a temp object (swept later)");
    } finally {
      this.store.active.delete(this.uploadKey);
    }
  }

  async abort(): Promise<void> {
    if (this.state === "committed" || this.state === "aborted") return;
    this.state = "aborted";
    try {
      await this.inFlight;
      await this.upload?.catch(() => undefined);
      if (this.uploadId !== null) {
        const uploadId = this.uploadId;
        this.uploadId = null;
        try {
          await this.store.abortUpload(this.uploadKey, uploadId);
        } catch (error) {
          this.store.options.onError?.(error, "abort a multipart upload (swept later)");
        } finally {
          this.store.active.delete(uploadId);
        }
      }
      await this.deleteTempObject();
    } finally {
      await this.closeWriter().catch(() => undefined);
      await this.release();
      await rm(this.path, { force: true });
    }
  }

  async release(): Promise<void> {
    if (!this.readerOpen) return;
    this.readerOpen = false;
    await this.reader.close();
  }

  private async closeWriter(): Promise<void> {
    if (!this.writerOpen) return;
    this.writerOpen = false;
    await this.writer.close();
  }
}
