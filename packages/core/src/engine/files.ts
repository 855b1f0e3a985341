import type { BlobStore, ExpectedBlob } from "../cache/blob-store.ts";
import { normalizeEtag, type ContentHasher, type ExpectedContent } from "../cache/digest.ts";
import type { CacheIndex, CachedFile, RepoKey } from "../cache/cache-index.ts";
import { leasedStream, type CapacityGate, type CapacityReservation } from "../cache/capacity-gate.ts";
import { Download } from "../cache/download.ts";
import { TtlMap } from "../cache/ttl-map.ts";
import type { HitCounter } from "../cache/hit-counter.ts";
import { repoUrlPrefix } from "../hub/repo.ts";
import type { RepoRef } from "../hub/route.ts";
import { isUpstreamOutage, type UpstreamClient, type UpstreamResponse } from "../upstream/client.ts";
import { errorFromUpstream } from "../upstream/errors.ts";
import { repoKey, type RemoteContext } from "./context.ts";
import type { RevisionCache } from "./revisions.ts";
import { SingleFlight } from "./single-flight.ts";
import { passThrough, resumingStream, toWebStream } from "./streams.ts";
import { AppError } from "../errors.ts";
import type { FillCoordinator, FillLease, PeerFillReader } from "./fill-coordinator.ts";

/** What a client is told about a file: the upstream's own identity headers, never invented. */
export interface FileMeta {
  commit: string;
  /** Upstream `ETag`, as sent. */
  etag: string;
  /** Upstream `X-Linked-Etag` (LFS files), as sent. */
  linkedEtag: string | null;
  size: number;
  lfs: boolean;
}

export interface ResolvedFile {
  meta: FileMeta;
  /** `cache`: bytes on disk; `download`: being fetched into the cache; `stream`: proxied, not kept. */
  source: "cache" | "download" | "stream";
  /** The digest the store keeps the bytes under; null while they are not in the store. */
  digest: string | null;
  /** A local file with the complete bytes, for zero-copy serving; null while not cached. */
  localPath: string | null;
  /** The whole file from memory (a small cached file the store keeps there); null otherwise. */
  bytes: Uint8Array<ArrayBuffer> | null;
  /**
   * A short-lived URL the client may fetch the cached bytes from directly (an object store's presigned
   * URL), saved under `fileName`; null when there is none (not cached, or the store serves none).
   */
  redirectUrl(fileName: string): string | null;
  /** Bytes `start..end` (inclusive). */
  open(start: number, end: number): Promise<ReadableStream<Uint8Array>>;
  /** Counts a download served from the cache (a no-op for other sources). */
  recordHit(): void;
}

interface UpstreamFile {
  meta: FileMeta;
  /** Where the bytes are (possibly a signed CDN URL): used at once, never stored. */
  downloadUrl: string;
}

export interface FileServiceHooks {
  /** Makes room before a fill, or says the file cannot be kept (then it is streamed). None: no limits. */
  capacity?: CapacityGate;
  /** Replicas of a cluster: which one fills a file. None: this process fills every file it is asked for. */
  coordinator?: FillCoordinator;
  /**
   * How long a reader following another replica's fill keeps trying to continue after that replica
   * failed (its lease must expire before another replica takes the fill over).
   */
  followResumeMs?: number;
  /** Hashes a fill's bytes as they come (default: on the thread that downloads). */
  hasher?(expected: ExpectedContent): ContentHasher;
  onDownloadStored?(file: FileMeta, digest: string): void;
  onDownloadFailed?(error: Error): void;
  /** A verified file could not be recorded in the index (the database is locked or down). */
  onIndexFailed?(error: unknown): void;
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function resolveUrl(upstream: UpstreamClient, repo: RepoRef, revision: string, path: string): string {
  const rawPath = `${repoUrlPrefix(repo.type)}${repo.id}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
  return upstream.url(rawPath);
}

function sizeHeader(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

const MAX_RENAME_HOPS = 3;

function isRenameRedirect(response: UpstreamResponse): boolean {
  return (
    response.status >= 300 &&
    response.status < 400 &&
    response.headers.has("location") &&
    !response.headers.has("x-repo-commit")
  );
}

function missingHeader(name: string): AppError {
  return new AppError(502, "UpstreamError", `Upstream Hub answered without ${name}`);
}

/** Resolves and serves files: from the cache when it can, else from the upstream (kept or streamed). */
export class FileService {
  private readonly metaFlights = new SingleFlight<UpstreamFile>();
  /**
   * What the upstream said a file at a commit is, for a short while: clients HEAD a file before they GET
   * it, and the GET then needs no second upstream HEAD (a commit's files never change).
   */
  private readonly recentFiles = new TtlMap<UpstreamFile>(RECENT_FILE_MS, Date.now, MAX_RECENT_FILES);
  private readonly downloads = new Map<string, Flight>();
  /**
   * Fills indexed a moment ago. A request that missed the index while one was being written, and then
   * found no fill, looks at the index again rather than downloading the file a second time.
   */
  private readonly justIndexed = new TtlMap<true>(JUST_INDEXED_MS, Date.now, MAX_RECENT_FILES);

  constructor(
    private readonly index: CacheIndex,
    private readonly store: BlobStore,
    private readonly revisions: RevisionCache,
    private readonly hits: HitCounter,
    private readonly hooks: FileServiceHooks = {},
  ) {}

  /** Fills this process is downloading or about to (not those it follows on another replica). */
  get inFlightDownloads(): number {
    let followed = 0;
    for (const flight of this.downloads.values()) if (flight.followed) followed++;
    return this.downloads.size - followed;
  }

  async resolve(ctx: RemoteContext, repo: RepoRef, revision: string, path: string): Promise<ResolvedFile> {
    const key = repoKey(ctx, repo);
    const known = await this.revisions.fresh(key, revision);
    if (known) {
      const hit = await this.cached(ctx, key, known, path);
      if (hit) return hit;
      const recent = this.recentFiles.get(fillKeyOf(ctx, key, known, path));
      if (recent) return this.uncached(ctx, key, path, recent);
    }
    // A Hub marked offline would refuse at once: what the revision last resolved to answers (a fresh
    // resolution was looked up just above).
    if (!known && !ctx.upstream.available) {
      const hit = await this.cachedAtLast(ctx, key, null, revision, path);
      if (hit) return hit;
    }
    let upstreamFile: UpstreamFile;
    try {
      upstreamFile = await this.metaFlights.run(
        `${ctx.remoteId}\n${repo.type}\n${repo.id}\n${known ?? revision}\n${path}`,
        () => this.fetchMeta(ctx.upstream, repo, known ?? revision, path),
      );
    } catch (error) {
      if (!isUpstreamOutage(error)) throw error;
      const hit = await this.cachedAtLast(ctx, key, known, revision, path);
      if (hit) return hit;
      throw error;
    }
    const { meta } = upstreamFile;
    this.recentFiles.set(fillKeyOf(ctx, key, meta.commit, path), upstreamFile);
    // Asked at a commit whose index entry was looked up a moment ago: nothing to remember or look up
    // again (a fill of the file that ended meanwhile is found when the download is opened).
    if (meta.commit === known) return this.uncached(ctx, key, path, upstreamFile);
    await this.revisions.remember(key, revision, meta.commit);
    const hit = await this.cached(ctx, key, meta.commit, path);
    if (hit) return hit;
    return this.uncached(ctx, key, path, upstreamFile);
  }

  /** The file at the commit the revision resolved to last, however long ago, if it is cached. */
  private async cachedAtLast(
    ctx: RemoteContext,
    key: RepoKey,
    known: string | null,
    revision: string,
    path: string,
  ): Promise<ResolvedFile | null> {
    const last = known ?? (await this.revisions.last(key, revision));
    return last ? this.cached(ctx, key, last, path) : null;
  }

  private uncached(ctx: RemoteContext, key: RepoKey, path: string, file: UpstreamFile): ResolvedFile {
    if (ctx.policy === "streamed") return this.streamed(ctx.upstream, file);
    return this.downloading(ctx, key, path, file);
  }

  /** The file from the cache: indexed, or stored by a fill of this process that is being indexed. */
  private async cached(
    ctx: RemoteContext,
    key: RepoKey,
    commit: string,
    path: string,
  ): Promise<ResolvedFile | null> {
    // A fill's last bytes go out once it is verified, before the store and the index have it: a client
    // asking again meanwhile is answered from the fill itself.
    const fillKey = fillKeyOf(ctx, key, commit, path);
    const fill = this.downloads.get(fillKey)?.active;
    if (fill?.download.isVerified && !fill.download.failed) return this.fromFill(key, path, fill);
    let file = await this.index.getFile(key, commit, path);
    if (!file && this.justIndexed.get(fillKey)) file = await this.index.getFile(key, commit, path);
    return file ? this.fromStore(key, path, metaOf(file), file.blobDigest) : null;
  }

  /** A fill whose bytes are all in and verified, read from its download (from the store once it is there). */
  private fromFill(key: RepoKey, path: string, fill: ActiveDownload): ResolvedFile {
    return {
      meta: fill.meta,
      source: "cache",
      digest: null,
      localPath: null,
      bytes: null,
      redirectUrl: () => null,
      open: async (start, end) => fill.download.stream(start, end),
      // Counted once the index has the file: before that a flush would find no row to count it on.
      recordHit: () =>
        void fill.recorded.then(
          () => this.hits.record(key, fill.meta.commit, path),
          () => undefined, // the fill failed: no file to count on
        ),
    };
  }

  private async fromStore(
    key: RepoKey,
    path: string,
    meta: FileMeta,
    digest: string,
  ): Promise<ResolvedFile | null> {
    const hit = () => this.hits.record(key, meta.commit, path);
    const bytes = (await this.store.readSmall?.(digest, meta.size)) ?? null;
    if (bytes) {
      return {
        meta,
        source: "cache",
        digest,
        localPath: null,
        bytes,
        redirectUrl: () => null,
        open: async (start, end) => new Response(bytes.subarray(start, end + 1)).body!,
        recordHit: hit,
      };
    }
    // The index may outlive a blob (purged, lost disk): then the file is simply not cached.
    if ((await this.store.size(digest)) !== meta.size) return null;
    // Its path may be handed to a zero-copy response, which opens the file a moment later: until then
    // the blob counts as in use and is not evicted.
    this.store.touch(digest);
    return {
      meta,
      source: "cache",
      digest,
      localPath: this.store.localPath(digest),
      bytes: null,
      redirectUrl: (fileName) => this.store.redirectUrl?.(digest, fileName) ?? null,
      open: async (start, end) => leasedStream(this.store.read(digest, start, end), this.store.lease(digest)),
      recordHit: hit,
    };
  }

  /** Asks the upstream what the file is, without downloading it (a cold HEAD answers from this). */
  private async fetchMeta(
    upstream: UpstreamClient,
    repo: RepoRef,
    revision: string,
    path: string,
  ): Promise<UpstreamFile> {
    let url = resolveUrl(upstream, repo, revision, path);
    let first = await upstream.request("HEAD", url);
    // A renamed repo answers with a redirect to its new name, without X-Repo-Commit: follow it.
    for (let hop = 0; hop < MAX_RENAME_HOPS && isRenameRedirect(first); hop++) {
      await first.discard();
      url = new URL(first.headers.get("location") ?? "", url).toString();
      first = await upstream.request("HEAD", url);
    }
    if (first.status >= 400) throw await errorFromUpstream(first);
    await first.discard();
    const commit = first.headers.get("x-repo-commit");
    if (!commit) throw missingHeader("X-Repo-Commit");
    const linkedEtag = first.headers.get("x-linked-etag");
    const linkedSize = sizeHeader(first.headers.get("x-linked-size"));
    const location = first.headers.get("location");
    let etag = first.headers.get("etag");
    let size = linkedSize;
    let downloadUrl = first.status >= 300 && location ? new URL(location, url).toString() : url;
    if (size === null && first.status >= 300 && location) {
      // A regular file: the relative redirect to /api/resolve-cache/ tells its size.
      const second = await upstream.request("HEAD", downloadUrl, { followRedirects: true });
      if (second.status >= 400) throw await errorFromUpstream(second);
      await second.discard();
      size = sizeHeader(second.headers.get("content-length"));
      etag ??= second.headers.get("etag");
      downloadUrl = second.url;
    } else if (size === null) {
      size = sizeHeader(first.headers.get("content-length"));
    }
    if (size === null) throw missingHeader("a file size");
    if (etag === null) throw missingHeader("ETag");
    return { meta: { commit, etag, linkedEtag, size, lfs: linkedEtag !== null }, downloadUrl };
  }

  private streamed(upstream: UpstreamClient, file: UpstreamFile): ResolvedFile {
    return {
      meta: file.meta,
      source: "stream",
      digest: null,
      localPath: null,
      bytes: null,
      redirectUrl: () => null,
      open: (start, end) => this.openUpstream(upstream, file, start, end),
      recordHit: () => undefined,
    };
  }

  /** Bytes `start..end` straight from the upstream, nothing kept. */
  private async openUpstream(
    upstream: UpstreamClient,
    file: UpstreamFile,
    start: number,
    end: number,
  ): Promise<ReadableStream<Uint8Array>> {
    const whole = start === 0 && end === file.meta.size - 1;
    const headers: Record<string, string> = whole ? {} : { range: `bytes=${start}-${end}` };
    const response = await upstream.request("GET", file.downloadUrl, { headers, followRedirects: true });
    if (response.status !== (whole ? 200 : 206)) {
      await response.discard();
      throw new AppError(502, "UpstreamError", `Upstream Hub answered ${response.status} for the file bytes`);
    }
    return toWebStream(response.body);
  }

  /** Not cached yet: the first `open` starts the one shared download (a HEAD never does). */
  private downloading(ctx: RemoteContext, key: RepoKey, path: string, file: UpstreamFile): ResolvedFile {
    return {
      meta: file.meta,
      source: "download",
      digest: null,
      localPath: null,
      bytes: null,
      redirectUrl: () => null,
      open: async (start, end) => {
        // Following another replica's fill: if that replica fails, the transfer goes on from where it
        // stopped (from the cache, from the replica that took the fill over, or from this one). A local
        // download that fails is not retried: its readers see the failure.
        const deadline = Date.now() + (this.hooks.followResumeMs ?? DEFAULT_FOLLOW_RESUME_MS);
        let followed = false;
        const openAt = async (position: number, failure: unknown): Promise<ReadableStream<Uint8Array>> => {
          for (let attempt = 0; ; attempt++) {
            if (failure !== null && (!followed || Date.now() > deadline)) throw failure;
            if (attempt > 0) await sleep(Math.min(250 * attempt, 1_000));
            // After a failure, or when a fill of the file was indexed since `resolve` looked.
            const look =
              failure !== null || this.indexedSinceLookup(fillKeyOf(ctx, key, file.meta.commit, path));
            const hit = look ? await this.cached(ctx, key, file.meta.commit, path) : null;
            if (hit) {
              followed = false;
              return hit.open(position, end);
            }
            try {
              const opened = await this.openFill(ctx, key, path, file, position, end);
              followed = opened.followed;
              return opened.stream;
            } catch (error) {
              if (!(error instanceof FollowFailed)) throw error;
              followed = true;
              failure = error.cause;
            }
          }
        };
        const first = await openAt(start, null);
        return followed ? resumingStream(first, start, end, openAt) : first;
      },
      recordHit: () => undefined,
    };
  }

  private indexedSinceLookup(fillKey: string): boolean {
    return !this.downloads.has(fillKey) && this.justIndexed.get(fillKey) === true;
  }

  /** Bytes `start..end` of a file being filled: here, by another replica, or straight from upstream. */
  private async openFill(
    ctx: RemoteContext,
    key: RepoKey,
    path: string,
    file: UpstreamFile,
    start: number,
    end: number,
  ): Promise<{ stream: ReadableStream<Uint8Array>; followed: boolean }> {
    const fill = await this.joinDownload(ctx, key, path, file);
    // Too big to keep (the capacity gate said so): this reader gets the bytes straight from upstream.
    if (fill === TOO_BIG)
      return { stream: await this.openUpstream(ctx.upstream, file, start, end), followed: false };
    if (fill.kind === "followed") {
      try {
        return { stream: await fill.read(start, end), followed: true };
      } catch (error) {
        fill.failed = true;
        throw new FollowFailed(error);
      }
    }
    return { stream: guardedStream(fill, start, end), followed: false };
  }

  private joinDownload(ctx: RemoteContext, key: RepoKey, path: string, file: UpstreamFile): Promise<Fill> {
    const flightKey = fillKeyOf(ctx, key, file.meta.commit, path);
    const existing = this.downloads.get(flightKey);
    // A failed download is forgotten a few ticks after its readers hear of it: a retry sent at once
    // must start afresh, never join the failure. So is a followed fill whose owner could not be read.
    if (existing && !existing.active?.download.failed && !existing.followed?.failed) return existing.pending;
    const flight: Flight = { pending: this.startDownload(ctx, key, path, file, flightKey) };
    this.downloads.set(flightKey, flight);
    const forget = () => {
      if (this.downloads.get(flightKey) === flight) this.downloads.delete(flightKey);
    };
    flight.pending.then((fill) => {
      if (fill === TOO_BIG) return forget();
      if (fill.kind === "followed") {
        // Followed fills are asked again shortly: the owner may finish, fail or hand the fill over.
        flight.followed = fill;
        return void setTimeout(forget, FOLLOWED_FLIGHT_MS).unref?.();
      }
      flight.active = fill;
      return fill.recorded.then(forget, forget);
    }, forget);
    return flight.pending;
  }

  /**
   * The bytes of a fill this process is downloading, for another replica following it (the last bytes
   * held back until the file is verified, as for this process's own readers); null when this
   * process has no such fill running.
   */
  localFill(
    fillKey: string,
  ): { size: number; stream(start: number, end: number): ReadableStream<Uint8Array> } | null {
    const active = this.downloads.get(fillKey)?.active;
    if (!active || active.download.failed) return null;
    return { size: active.download.size, stream: (start, end) => guardedStream(active, start, end) };
  }

  /** Resolves once every fill this process runs now is over: stored and indexed, or failed. */
  async settled(): Promise<void> {
    const fills = [...this.downloads.values()].map(({ pending }) =>
      pending.then((fill) => (fill !== TOO_BIG && fill.kind === "local" ? fill.recorded : undefined)),
    );
    await Promise.allSettled(fills);
  }

  /** Cancels every download in flight (a shutdown); resolves once their temp blobs are removed. */
  async cancelDownloads(): Promise<void> {
    const flights = [...this.downloads.values()];
    await Promise.all(
      flights.map(async ({ pending }) => {
        const active = await pending.catch(() => null);
        if (active === TOO_BIG || active?.kind !== "local") return;
        await active?.download.cancel(new Error("the content server is shutting down"));
      }),
    );
  }

  private async startDownload(
    ctx: RemoteContext,
    key: RepoKey,
    path: string,
    file: UpstreamFile,
    flightKey: string,
  ): Promise<Fill> {
    const reservation: CapacityReservation | null = this.hooks.capacity
      ? await this.hooks.capacity.reserve(key, file.meta.size)
      : NO_LIMIT;
    if (!reservation) return TOO_BIG;
    let lease: FillLease | null = null;
    let download: Download;
    try {
      const claim = await this.hooks.coordinator?.claim(flightKey);
      if (claim?.role === "follower") {
        reservation.release();
        return { kind: "followed", read: claim.read, failed: false };
      }
      lease = claim?.lease ?? null;
      // The temp blob is made while the upstream answers (a small file's fill is mostly such waits).
      const creatingTemp = this.store.createTemp(expectedBlob(file.meta));
      creatingTemp.catch(() => undefined); // awaited below, once the upstream has answered
      const response = await ctx.upstream
        .request("GET", file.downloadUrl, { followRedirects: true })
        .then(async (answer) => {
          if (answer.status !== 200) throw await errorFromUpstream(answer);
          return answer;
        })
        .catch((error: unknown) => {
          void creatingTemp.then((temp) => temp.abort()).catch(() => undefined);
          throw error;
        });
      const temp = await creatingTemp.catch(async (error: unknown) => {
        await response.discard();
        throw error;
      });
      const expected = { size: file.meta.size, etag: file.meta.linkedEtag ?? file.meta.etag };
      try {
        download = new Download(temp, this.store, expected, response.body, this.hooks.hasher?.(expected));
      } catch (error) {
        // No hashing thread to be had (say): the temp file's handles are closed here, not by the
        // collector (Bun then throws an uncaught error).
        await Promise.allSettled([temp.abort(), response.discard()]);
        throw error;
      }
    } catch (error) {
      reservation.release();
      void lease?.release().catch(() => undefined);
      throw error;
    }
    lease?.onLost(() => void download.cancel(new Error("another replica took this fill over")));
    // The file is findable in the index before the flight is forgotten, so no second download starts.
    const recorded = download.finished.then(async (blob) => {
      try {
        // A replica that lost its lease (paused past it) leaves the file to the one that took it over:
        // its bytes are verified and stored under their digest, so its readers still get them.
        if (lease && !(await lease.confirm())) return;
        await this.index.putFile(key, { ...file.meta, path, blobDigest: blob.digest }, blob.storageKey);
        this.justIndexed.set(flightKey, true);
      } catch (error) {
        // The bytes are verified and stored: the clients get them; a later request fetches it again.
        this.hooks.onIndexFailed?.(error);
        return;
      } finally {
        blob.release();
      }
      this.hooks.onDownloadStored?.(file.meta, blob.digest);
    });
    recorded.catch((error: Error) => this.hooks.onDownloadFailed?.(error));
    void recorded
      .finally(() => {
        reservation.release();
        return lease?.release();
      })
      .catch(() => undefined);
    return { kind: "local", meta: file.meta, download, recorded };
  }
}

/** The name of one file's fill, the same on every replica: remote, repo, commit and path. */
export function fillKeyOf(ctx: RemoteContext, key: RepoKey, commit: string, path: string): string {
  return `${ctx.remoteId}\n${key.repoType}\n${key.repoId}\n${commit}\n${path}`;
}

/**
 * A reader of a local fill. The last byte goes out only once the whole file is verified: a corrupt body
 * then errors the client's stream instead of completing it. It is not held for the flush to disk, the
 * move into the store (an upload, on S3) or the index write: a client that has every byte and asks again
 * meanwhile is answered from the fill itself (`cached`).
 */
function guardedStream(fill: ActiveDownload, start: number, end: number): ReadableStream<Uint8Array> {
  const stream = fill.download.stream(start, end);
  const total = end - start + 1;
  return end === fill.download.size - 1
    ? passThrough(stream, { beforeLastBytes: { total, wait: () => fill.download.verified } })
    : stream;
}

/** Reading another replica's fill failed (that replica is gone, or no longer has the fill). */
class FollowFailed extends Error {
  constructor(cause: unknown) {
    super("the replica filling this file could not be read", { cause });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for another replica's lease to expire and the fill to be taken over. */
const DEFAULT_FOLLOW_RESUME_MS = 30_000;
/** How long a followed fill is reused before the cluster is asked again who fills the file. */
const FOLLOWED_FLIGHT_MS = 1_000;
/** How long (and how many) files' upstream answers are reused: a HEAD and the GET that follows it. */
const RECENT_FILE_MS = 30_000;
const MAX_RECENT_FILES = 1_000;
/** Longer than any request takes from its index look-up to starting its download. */
const JUST_INDEXED_MS = 60_000;

/** What a flight resolves to when the capacity gate refused to keep the file. */
const TOO_BIG = Symbol("too big to keep");
const NO_LIMIT: CapacityReservation = { release: () => undefined };

type Fill = ActiveDownload | FollowedFill | typeof TOO_BIG;

interface Flight {
  pending: Promise<Fill>;
  /** Set once the upstream answered and the download started. */
  active?: ActiveDownload;
  /** Set when another replica fills the file. */
  followed?: FollowedFill;
}

/** A fill another replica owns. */
interface FollowedFill {
  kind: "followed";
  read: PeerFillReader;
  /** Set once reading it failed: the next reader asks the cluster again. */
  failed: boolean;
}

interface ActiveDownload {
  kind: "local";
  meta: FileMeta;
  download: Download;
  /** Settles once the blob is stored and indexed (or the download failed). */
  recorded: Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** What a fill will store: an LFS file's X-Linked-Etag is its sha256; a regular file's ETag is a git sha1. */
export function expectedBlob(meta: FileMeta): ExpectedBlob {
  const linked = meta.linkedEtag === null ? null : normalizeEtag(meta.linkedEtag).toLowerCase();
  return { size: meta.size, sha256: linked !== null && SHA256.test(linked) ? linked : null };
}

function metaOf(file: CachedFile): FileMeta {
  return {
    commit: file.commit,
    etag: file.etag,
    linkedEtag: file.linkedEtag,
    size: file.size,
    lfs: file.lfs,
  };
}
