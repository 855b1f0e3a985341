import type {
  BlobRecord,
  CachedApiResponse,
  CachedFile,
  CacheIndex,
  RepoKey,
  RevisionResolution,
} from "./cache-index.ts";
import { serviceUnavailable } from "../hub/errors.ts";

const MAX_ENTRIES = 10_000;
const MAX_API_ENTRIES = 1_000;

/**
 * A small TTL map that forgets everything when full (hot keys come straight back). Expired entries are
 * kept until then, as a last resort for when the index cannot be read.
 */
class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expires > this.now() ? entry.value : undefined;
  }

  stale(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

function unavailable(cause: unknown): never {
  throw serviceUnavailable("The cache's index", cause);
}

const keyOf = (repo: RepoKey, ...parts: string[]) =>
  [repo.remoteId, repo.repoType, repo.repoId, ...parts].join("\n");

/**
 * Remembers the hot-path lookups (revision resolutions and found files) for a few seconds, so serving a
 * cached file does not cost database round trips. Only hits are remembered: a file another process just
 * stored is never hidden; a purge or eviction made in this process is seen at once (`forget`), one made
 * elsewhere once the short TTL has passed. Writes go straight through.
 *
 * When the index cannot be read (its database is locked or unreachable), what was remembered is served
 * even if old, so cached files stay available; a lookup with nothing remembered is a 503.
 */
export class MemoCacheIndex implements CacheIndex {
  private readonly revisions: TtlMap<RevisionResolution>;
  private readonly files: TtlMap<CachedFile>;
  private readonly apiResponses: TtlMap<CachedApiResponse>;

  constructor(
    private readonly inner: CacheIndex,
    ttlMs: number,
    now: () => number = Date.now,
    /**
     * Given, a revision or API answer that cannot be written is reported here and kept in memory only:
     * the client still gets the answer the upstream gave.
     */
    private readonly onWriteError?: (error: unknown) => void,
  ) {
    this.revisions = new TtlMap(ttlMs, now);
    this.files = new TtlMap(ttlMs, now);
    // API answers can be large (tree pages): fewer of them are kept.
    this.apiResponses = new TtlMap(ttlMs, now, MAX_API_ENTRIES);
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

  async getRevision(repo: RepoKey, revision: string): Promise<RevisionResolution | null> {
    const key = keyOf(repo, revision);
    const remembered = this.revisions.get(key);
    if (remembered) return remembered;
    const found = await this.inner
      .getRevision(repo, revision)
      .catch((error: unknown) => this.revisions.stale(key) ?? unavailable(error));
    if (found) this.revisions.set(key, found);
    return found;
  }

  async putRevision(repo: RepoKey, revision: string, commit: string): Promise<void> {
    await this.write(this.inner.putRevision(repo, revision, commit));
    this.revisions.set(keyOf(repo, revision), { commit, fetchedAt: new Date() });
  }

  private async write(done: Promise<void>): Promise<void> {
    if (!this.onWriteError) return done;
    await done.catch(this.onWriteError);
  }

  async getFile(repo: RepoKey, commit: string, path: string): Promise<CachedFile | null> {
    const key = keyOf(repo, commit, path);
    const remembered = this.files.get(key);
    if (remembered) return remembered;
    const found = await this.inner
      .getFile(repo, commit, path)
      .catch((error: unknown) => this.files.stale(key) ?? unavailable(error));
    if (found) this.files.set(key, found);
    return found;
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

  async getApiResponse(repo: RepoKey, commit: string, key: string): Promise<CachedApiResponse | null> {
    const memoKey = keyOf(repo, commit, key);
    const remembered = this.apiResponses.get(memoKey);
    if (remembered) return remembered;
    const found = await this.inner
      .getApiResponse(repo, commit, key)
      .catch((error: unknown) => this.apiResponses.stale(memoKey) ?? unavailable(error));
    if (found) this.apiResponses.set(memoKey, found);
    return found;
  }

  async putApiResponse(
    repo: RepoKey,
    commit: string,
    key: string,
    response: CachedApiResponse,
  ): Promise<void> {
    await this.write(this.inner.putApiResponse(repo, commit, key, response));
    this.apiResponses.set(keyOf(repo, commit, key), response);
  }
}
