import type { BlobStore } from "../cache/blob-store.ts";
import type { CacheIndex, CachedFile, RepoKey } from "../cache/cache-index.ts";
import { leasedStream, type CapacityGate, type CapacityReservation } from "../cache/capacity-gate.ts";
import { Download } from "../cache/download.ts";
import type { HitCounter } from "../cache/hit-counter.ts";
import { repoUrlPrefix } from "../hub/repo.ts";
import type { RepoRef } from "../hub/route.ts";
import { isUpstreamOutage, type UpstreamClient, type UpstreamResponse } from "../upstream/client.ts";
import { errorFromUpstream } from "../upstream/errors.ts";
import { repoKey, type RemoteContext } from "./context.ts";
import type { RevisionCache } from "./revisions.ts";
import { SingleFlight } from "./single-flight.ts";
import { passThrough, toWebStream } from "./streams.ts";
import { AppError } from "../errors.ts";

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
  /** A local file with the complete bytes, for zero-copy serving; null while not cached. */
  localPath: string | null;
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
  private readonly downloads = new Map<string, Flight>();

  constructor(
    private readonly index: CacheIndex,
    private readonly store: BlobStore,
    private readonly revisions: RevisionCache,
    private readonly hits: HitCounter,
    private readonly hooks: FileServiceHooks = {},
  ) {}

  get inFlightDownloads(): number {
    return this.downloads.size;
  }

  async resolve(ctx: RemoteContext, repo: RepoRef, revision: string, path: string): Promise<ResolvedFile> {
    const key = repoKey(ctx, repo);
    const known = await this.revisions.fresh(key, revision);
    if (known) {
      const hit = await this.fromCache(key, known, path);
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
      const last = known ?? (await this.revisions.last(key, revision));
      const hit = last ? await this.fromCache(key, last, path) : null;
      if (hit) return hit;
      throw error;
    }
    const { meta } = upstreamFile;
    await this.revisions.remember(key, revision, meta.commit);
    const hit = await this.fromCache(key, meta.commit, path);
    if (hit) return hit;
    if (ctx.policy === "streamed") return this.streamed(ctx.upstream, upstreamFile);
    return this.downloading(ctx, key, path, upstreamFile);
  }

  private async fromCache(key: RepoKey, commit: string, path: string): Promise<ResolvedFile | null> {
    const file = await this.index.getFile(key, commit, path);
    if (!file) return null;
    // The index may outlive a blob (purged, lost disk): then the file is simply not cached.
    if ((await this.store.size(file.blobDigest)) !== file.size) return null;
    // Its path may be handed to a zero-copy response, which opens the file a moment later: until then
    // the blob counts as in use and is not evicted.
    this.store.touch(file.blobDigest);
    return {
      meta: metaOf(file),
      source: "cache",
      localPath: this.store.localPath(file.blobDigest),
      open: async (start, end) =>
        leasedStream(this.store.read(file.blobDigest, start, end), this.store.lease(file.blobDigest)),
      recordHit: () => this.hits.record(key, commit, path),
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
      localPath: null,
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
      localPath: null,
      open: async (start, end) => {
        const joined = await this.joinDownload(ctx, key, path, file);
        // Too big to keep (the capacity gate said so): this reader gets the bytes straight from upstream.
        if (joined === TOO_BIG) return this.openUpstream(ctx.upstream, file, start, end);
        const { download, recorded } = joined;
        const stream = download.stream(start, end);
        // The last byte goes out only once the file is verified, stored and indexed: a corrupt body then
        // errors the client's stream instead of completing it, and a client that has every byte finds
        // the file in the cache on its next request.
        const total = end - start + 1;
        return end === file.meta.size - 1
          ? passThrough(stream, { beforeLastBytes: { total, wait: () => recorded } })
          : stream;
      },
      recordHit: () => undefined,
    };
  }

  private joinDownload(
    ctx: RemoteContext,
    key: RepoKey,
    path: string,
    file: UpstreamFile,
  ): Promise<ActiveDownload | typeof TOO_BIG> {
    const flightKey = `${ctx.remoteId}\n${key.repoType}\n${key.repoId}\n${file.meta.commit}\n${path}`;
    const existing = this.downloads.get(flightKey);
    // A failed download is forgotten a few ticks after its readers hear of it: a retry sent at once
    // must start afresh, never join the failure.
    if (existing && !existing.active?.download.failed) return existing.pending;
    const flight: Flight = { pending: this.startDownload(ctx, key, path, file) };
    this.downloads.set(flightKey, flight);
    const forget = () => {
      if (this.downloads.get(flightKey) === flight) this.downloads.delete(flightKey);
    };
    flight.pending.then((active) => {
      if (active === TOO_BIG) return forget();
      flight.active = active;
      return active.recorded.then(forget, forget);
    }, forget);
    return flight.pending;
  }

  /** Cancels every download in flight (a shutdown); resolves once their temp blobs are removed. */
  async cancelDownloads(): Promise<void> {
    const flights = [...this.downloads.values()];
    await Promise.all(
      flights.map(async ({ pending }) => {
        const active = await pending.catch(() => null);
        if (active === TOO_BIG) return;
        await active?.download.cancel(new Error("the content server is shutting down"));
      }),
    );
  }

  private async startDownload(
    ctx: RemoteContext,
    key: RepoKey,
    path: string,
    file: UpstreamFile,
  ): Promise<ActiveDownload | typeof TOO_BIG> {
    const reservation: CapacityReservation | null = this.hooks.capacity
      ? await this.hooks.capacity.reserve(key, file.meta.size)
      : NO_LIMIT;
    if (!reservation) return TOO_BIG;
    let download: Download;
    try {
      const response = await ctx.upstream.request("GET", file.downloadUrl, { followRedirects: true });
      if (response.status !== 200) throw await errorFromUpstream(response);
      const temp = await this.store.createTemp().catch(async (error: unknown) => {
        await response.discard();
        throw error;
      });
      const expected = { size: file.meta.size, etag: file.meta.linkedEtag ?? file.meta.etag };
      download = new Download(temp, this.store, expected, response.body);
    } catch (error) {
      reservation.release();
      throw error;
    }
    // The file is findable in the index before the flight is forgotten, so no second download starts.
    const recorded = download.finished.then(async (blob) => {
      try {
        await this.index.putFile(key, { ...file.meta, path, blobDigest: blob.digest }, blob.storageKey);
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
    void recorded.finally(() => reservation.release()).catch(() => undefined);
    return { download, recorded };
  }
}

/** What a flight resolves to when the capacity gate refused to keep the file. */
const TOO_BIG = Symbol("too big to keep");
const NO_LIMIT: CapacityReservation = { release: () => undefined };

interface Flight {
  pending: Promise<ActiveDownload | typeof TOO_BIG>;
  /** Set once the upstream answered and the download started. */
  active?: ActiveDownload;
}

interface ActiveDownload {
  download: Download;
  /** Settles once the blob is stored and indexed (or the download failed). */
  recorded: Promise<void>;
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
