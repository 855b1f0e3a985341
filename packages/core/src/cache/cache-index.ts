/**
 * The cache's metadata: what a tenant's remote resolved and stored. Every lookup is keyed by the
 * remote (and so by the team that owns it); only blobs are shared, by digest.
 */
export type RepoType = "model" | "dataset" | "space";

export interface RepoKey {
  remoteId: string;
  repoType: RepoType;
  repoId: string;
}

export interface RevisionResolution {
  commit: string;
  fetchedAt: Date;
}

export interface CachedFile {
  commit: string;
  path: string;
  /** sha256 hex of the content: the blob's key in the store. */
  blobDigest: string;
  /** The upstream ETag, exactly as the upstream sent it (quotes included). */
  etag: string;
  /** The upstream X-Linked-Etag for LFS files, exactly as sent; null for regular files. */
  linkedEtag: string | null;
  size: number;
  lfs: boolean;
}

export interface BlobRecord {
  digest: string;
  size: number;
  storageKey: string;
  createdAt: Date;
  lastAccessedAt: Date;
  hits: number;
}

/** An upstream API answer (info, tree page, paths-info) bound to a commit, so it never changes. */
export interface CachedApiResponse {
  status: number;
  /** Header name → value, already filtered and ready to replay. */
  headers: Record<string, string>;
  body: string;
}

export interface CacheIndex {
  getRevision(repo: RepoKey, revision: string): Promise<RevisionResolution | null>;
  putRevision(repo: RepoKey, revision: string, commit: string): Promise<void>;

  getFile(repo: RepoKey, commit: string, path: string): Promise<CachedFile | null>;
  /** Records a file and its blob (creating the blob row if it is new). */
  putFile(repo: RepoKey, file: CachedFile, storageKey: string): Promise<void>;

  getBlob(digest: string): Promise<BlobRecord | null>;
  /**
   * Adds `hits` downloads of a file served from the cache: counted on the tenant's file, and the shared
   * blob's last access time (for eviction) is refreshed.
   */
  recordFileHits(repo: RepoKey, commit: string, path: string, hits: number, at: Date): Promise<void>;

  getApiResponse(repo: RepoKey, commit: string, key: string): Promise<CachedApiResponse | null>;
  putApiResponse(repo: RepoKey, commit: string, key: string, response: CachedApiResponse): Promise<void>;
}
