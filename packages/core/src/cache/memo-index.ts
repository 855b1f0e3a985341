import type {
  BlobRecord,
  CachedApiResponse,
  CachedFile,
  CacheIndex,
  RepoKey,
  RevisionResolution,
} from "./cache-index.ts";

const MAX_ENTRIES = 10_000;

/** A small TTL map that forgets everything when full (hot keys come straight back). */
class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }
}

const keyOf = (repo: RepoKey, ...parts: string[]) =>
  [repo.remoteId, repo.repoType, repo.repoId, ...parts].join("\n");

/**
 * Remembers the hot-path lookups (revision resolutions and found files) for a few seconds, so serving a
 * cached file does not cost database round trips. Only hits are remembered: a file another process just
 * stored is never hidden, and a purge is seen once the short TTL has passed. Writes go straight through.
 */
export class MemoCacheIndex implements CacheIndex {
  private readonly revisions: TtlMap<RevisionResolution>;
  private readonly files: TtlMap<CachedFile>;

  constructor(
    private readonly inner: CacheIndex,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.revisions = new TtlMap(ttlMs, now);
    this.files = new TtlMap(ttlMs, now);
  }

  async getRevision(repo: RepoKey, revision: string): Promise<RevisionResolution | null> {
    const key = keyOf(repo, revision);
    const remembered = this.revisions.get(key);
    if (remembered) return remembered;
    const found = await this.inner.getRevision(repo, revision);
    if (found) this.revisions.set(key, found);
    return found;
  }

  async putRevision(repo: RepoKey, revision: string, commit: string): Promise<void> {
    await this.inner.putRevision(repo, revision, commit);
    this.revisions.set(keyOf(repo, revision), { commit, fetchedAt: new Date() });
  }

  async getFile(repo: RepoKey, commit: string, path: string): Promise<CachedFile | null> {
    const key = keyOf(repo, commit, path);
    const remembered = this.files.get(key);
    if (remembered) return remembered;
    const found = await this.inner.getFile(repo, commit, path);
    if (found) this.files.set(key, found);
    return found;
  }

  putFile(repo: RepoKey, file: CachedFile, storageKey: string): Promise<void> {
    return this.inner.putFile(repo, file, storageKey);
  }

  getBlob(digest: string): Promise<BlobRecord | null> {
    return this.inner.getBlob(digest);
  }

  recordFileHits(repo: RepoKey, commit: string, path: string, hits: number, at: Date): Promise<void> {
    return this.inner.recordFileHits(repo, commit, path, hits, at);
  }

  getApiResponse(repo: RepoKey, commit: string, key: string): Promise<CachedApiResponse | null> {
    return this.inner.getApiResponse(repo, commit, key);
  }

  putApiResponse(repo: RepoKey, commit: string, key: string, response: CachedApiResponse): Promise<void> {
    return this.inner.putApiResponse(repo, commit, key, response);
  }
}
