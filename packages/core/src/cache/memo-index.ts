import type {
  BlobRecord,
  CachedApiResponse,
  CachedFile,
  CacheIndex,
  RepoKey,
  RevisionResolution,
} from "./cache-index.ts";
import { serviceUnavailable } from "../hub/errors.ts";
import { TtlMap } from "./ttl-map.ts";

const MAX_API_ENTRIES = 1_000;

function unavailable(cause: unknown): never {
  throw serviceUnavailable("The cache's index", cause);
}

const keyOf = (repo: RepoKey, ...parts: string[]) =>
  [repo.remoteId, repo.repoType, repo.repoId, ...parts].join("\n");

/**
 * Whether the index has stopped answering: set when a read outlasted `slowReadMs`, cleared when a read
 * answers. Meanwhile lookups with an answer remembered do not wait at all (their read still runs).
 */
interface IndexResponsiveness {
  stalled: boolean;
}

/**
 * Lookups of one kind (revisions, files or API answers): found answers remembered for the TTL, one read
 * of the index per key at a time, and an answer remembered earlier preferred to waiting longer than
 * `slowReadMs` for an index that is slow or not answering.
 */
class Lookups<V> {
  private readonly reading = new Map<string, Promise<V | null>>();

  constructor(
    private readonly memo: TtlMap<V>,
    private readonly slowReadMs: number | undefined,
    private readonly index: IndexResponsiveness,
  ) {}

  get(key: string, read: () => Promise<V | null>): Promise<V | null> {
    const remembered = this.memo.get(key);
    if (remembered) return Promise.resolve(remembered);
    let reading = this.reading.get(key);
    if (!reading) {
      reading = read()
        .then((found) => {
          this.index.stalled = false;
          if (found) this.memo.set(key, found);
          return found;
        })
        .finally(() => this.reading.delete(key));
      this.reading.set(key, reading);
    }
    const stale = this.memo.stale(key);
    const answer = reading.catch((error: unknown) => stale ?? unavailable(error));
    if (stale === undefined || this.slowReadMs === undefined) return answer;
    // The read goes on and refreshes the memo when it ends; this request does not wait for it.
    if (this.index.stalled) return Promise.resolve(stale);
    return firstOf(answer, this.slowReadMs, () => {
      this.index.stalled = true;
      return stale;
    });
  }

  set(key: string, value: V): void {
    this.memo.set(key, value);
  }

  clear(): void {
    this.memo.clear();
    this.reading.clear();
  }
}

/** `promise`'s value, or `fallback()`'s if it has not settled after `ms`. */
function firstOf<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export interface MemoCacheIndexOptions {
  now?: () => number;
  /**
   * Given, revisions and API answers are written behind: remembered at once, written in the background
   * (off the request's path), and one that cannot be written is reported here and kept in memory only:
   * the client still gets the answer the upstream gave. `settled()` waits for the writes in flight.
   */
  onWriteError?: (error: unknown) => void;
  /**
   * Given, a lookup with an answer remembered (however old) waits at most this long for the index
   * before it is answered from memory, and once a read has taken that long, lookups with an answer
   * remembered do not wait until a read answers again: a database that stops answering (a partition)
   * would otherwise be given up only after its query timeout, on every lookup. Unset: lookups wait.
   */
  slowReadMs?: number;
}

/**
 * Remembers the hot-path lookups (revision resolutions and found files) for a few seconds, so serving a
 * cached file does not cost database round trips. Only hits are remembered: a file another process just
 * stored is never hidden; a purge or eviction made in this process is seen at once (`forget`), one made
 * elsewhere once the short TTL has passed. Writes go straight through.
 *
 * When the index cannot be read (its database is locked, unreachable or, with `slowReadMs`, too slow),
 * what was remembered is served even if old, so cached files stay available; a lookup with nothing
 * remembered is a 503.
 */
export class MemoCacheIndex implements CacheIndex {
  private readonly revisions: Lookups<RevisionResolution>;
  private readonly files: Lookups<CachedFile>;
  private readonly apiResponses: Lookups<CachedApiResponse>;
  private readonly onWriteError: ((error: unknown) => void) | undefined;
  private readonly writesInFlight = new Set<Promise<void>>();

  constructor(
    private readonly inner: CacheIndex,
    ttlMs: number,
    options: MemoCacheIndexOptions = {},
  ) {
    const { now = Date.now, slowReadMs } = options;
    this.onWriteError = options.onWriteError;
    const index: IndexResponsiveness = { stalled: false };
    this.revisions = new Lookups(new TtlMap(ttlMs, now), slowReadMs, index);
    this.files = new Lookups(new TtlMap(ttlMs, now), slowReadMs, index);
    // API answers can be large (tree pages): fewer of them are kept.
    this.apiResponses = new Lookups(new TtlMap(ttlMs, now, MAX_API_ENTRIES), slowReadMs, index);
  }

  /**
   * Drops everything remembered, after rows were removed from the index (a purge, an eviction): a file
   * whose row is gone must be fetched and indexed again, even while its blob is still on disk.
   */
  forget(): void {
    this.revisions.clear();
    this.files.clear();
    this.apiResponses.clear();
  }

  getRevision(repo: RepoKey, revision: string): Promise<RevisionResolution | null> {
    return this.revisions.get(keyOf(repo, revision), () => this.inner.getRevision(repo, revision));
  }

  async putRevision(repo: RepoKey, revision: string, commit: string): Promise<void> {
    await this.write(
      () => this.inner.putRevision(repo, revision, commit),
      () => this.revisions.set(keyOf(repo, revision), { commit, fetchedAt: new Date() }),
    );
  }

  /** Writes, then remembers; with a write-error reporter, remembers at once and writes behind. */
  private async write(write: () => Promise<void>, remember: () => void): Promise<void> {
    if (!this.onWriteError) {
      await write();
      remember();
      return;
    }
    remember();
    const written: Promise<void> = write()
      .catch(this.onWriteError)
      .finally(() => this.writesInFlight.delete(written));
    this.writesInFlight.add(written);
  }

  /** Resolves once the writes made behind so far are done (before the index is closed). */
  async settled(): Promise<void> {
    await Promise.all(this.writesInFlight);
  }

  getFile(repo: RepoKey, commit: string, path: string): Promise<CachedFile | null> {
    return this.files.get(keyOf(repo, commit, path), () => this.inner.getFile(repo, commit, path));
  }

  async putFile(repo: RepoKey, file: CachedFile, storageKey: string): Promise<void> {
    await this.inner.putFile(repo, file, storageKey);
    this.files.set(keyOf(repo, file.commit, file.path), file);
  }

  getBlob(digest: string): Promise<BlobRecord | null> {
    return this.inner.getBlob(digest);
  }

  recordFileHits(repo: RepoKey, commit: string, path: string, hits: number, at: Date): Promise<void> {
    return this.inner.recordFileHits(repo, commit, path, hits, at);
  }

  getApiResponse(repo: RepoKey, commit: string, key: string): Promise<CachedApiResponse | null> {
    return this.apiResponses.get(keyOf(repo, commit, key), () =>
      this.inner.getApiResponse(repo, commit, key),
    );
  }

  async putApiResponse(
    repo: RepoKey,
    commit: string,
    key: string,
    response: CachedApiResponse,
  ): Promise<void> {
    await this.write(
      () => this.inner.putApiResponse(repo, commit, key, response),
      () => this.apiResponses.set(keyOf(repo, commit, key), response),
    );
  }
}
