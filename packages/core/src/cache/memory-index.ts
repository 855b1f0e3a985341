import type {
  BlobRecord,
  CachedApiResponse,
  CachedFile,
  CacheIndex,
  RepoKey,
  RevisionResolution,
} from "./cache-index.ts";

const keyOf = (repo: RepoKey, ...parts: string[]) =>
  [repo.remoteId, repo.repoType, repo.repoId, ...parts].join("\n");

/** A CacheIndex in memory: for tests and for embedding without a database. */
export class MemoryCacheIndex implements CacheIndex {
  readonly revisions = new Map<string, RevisionResolution>();
  readonly files = new Map<string, CachedFile>();
  readonly blobs = new Map<string, BlobRecord>();
  readonly api = new Map<string, CachedApiResponse>();

  async getRevision(repo: RepoKey, revision: string): Promise<RevisionResolution | null> {
    return this.revisions.get(keyOf(repo, revision)) ?? null;
  }

  async putRevision(repo: RepoKey, revision: string, commit: string): Promise<void> {
    this.revisions.set(keyOf(repo, revision), { commit, fetchedAt: new Date() });
  }

  async getFile(repo: RepoKey, commit: string, path: string): Promise<CachedFile | null> {
    return this.files.get(keyOf(repo, commit, path)) ?? null;
  }

  async putFile(repo: RepoKey, file: CachedFile, storageKey: string): Promise<void> {
    const now = new Date();
    if (!this.blobs.has(file.blobDigest)) {
      this.blobs.set(file.blobDigest, {
        digest: file.blobDigest,
        size: file.size,
        storageKey,
        createdAt: now,
        lastAccessedAt: now,
        hits: 0,
      });
    }
    this.files.set(keyOf(repo, file.commit, file.path), file);
  }

  async getBlob(digest: string): Promise<BlobRecord | null> {
    return this.blobs.get(digest) ?? null;
  }

  readonly fileHits = new Map<string, number>();

  async recordFileHits(repo: RepoKey, commit: string, path: string, hits: number, at: Date): Promise<void> {
    const key = keyOf(repo, commit, path);
    const file = this.files.get(key);
    if (!file) return;
    this.fileHits.set(key, (this.fileHits.get(key) ?? 0) + hits);
    const blob = this.blobs.get(file.blobDigest);
    if (blob) {
      blob.hits += hits;
      blob.lastAccessedAt = at;
    }
  }

  async getApiResponse(repo: RepoKey, commit: string, key: string): Promise<CachedApiResponse | null> {
    return this.api.get(keyOf(repo, commit, key)) ?? null;
  }

  async putApiResponse(
    repo: RepoKey,
    commit: string,
    key: string,
    response: CachedApiResponse,
  ): Promise<void> {
    this.api.set(keyOf(repo, commit, key), response);
  }
}
