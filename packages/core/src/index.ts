export type * from "./cache/cache-index.ts";
export type { BlobStore, ExpectedBlob, StoredBlobEntry, StoreSpace, TempBlob } from "./cache/blob-store.ts";
export { BlobLeases } from "./cache/blob-leases.ts";
export {
  FsBlobStore,
  openTempFile,
  readTempFile,
  storageKeyOf,
  type FsBlobStoreOptions,
} from "./cache/fs-blob-store.ts";
export { SmallBlobMemory } from "./cache/small-blobs.ts";
export { lentCopyOf, returnCopy } from "./cache/lent-copies.ts";
export { freeChunk } from "./cache/free-chunk.ts";
export type { CapacityGate, CapacityReservation } from "./cache/capacity-gate.ts";
export { MemoryCacheIndex } from "./cache/memory-index.ts";
export { MemoCacheIndex } from "./cache/memo-index.ts";
export { TtlMap } from "./cache/ttl-map.ts";
export {
  gitBlobHeader,
  normalizeEtag,
  StreamingDigest,
  wantsGitSha1,
  type ActualContent,
  type ContentHasher,
  type ExpectedContent,
} from "./cache/digest.ts";
export { AppError, codeForStatus, type FieldErrors } from "./errors.ts";
export { badRequest, serviceUnavailable } from "./hub/errors.ts";
export { parseHubRoute, type HubRoute, type RepoRef } from "./hub/route.ts";
export { isCommitSha, repoUrlPrefix, repoApiPlural } from "./hub/repo.ts";
export { XET_FILEINFO_CONTENT_TYPE } from "./hub/sanitize.ts";
export { contentDisposition, gitBlobSha1, lfsPointer } from "./hub/file-headers.ts";
export { canonicalQuery, isTruthy } from "./hub/params.ts";
export {
  HUB_ROUTES,
  exposedResponseHeaders,
  renderHubRoutesMarkdown,
  type RouteEntry,
} from "./hub/route-table.ts";
export {
  UpstreamClient,
  isUpstreamOutage,
  type UpstreamConfig,
  type UpstreamObserver,
} from "./upstream/client.ts";
export type { UpstreamState } from "./upstream/health.ts";
export {
  DEFAULT_REMOTE_URL_ALLOWLIST,
  isAllowedRemoteUrl,
  isTrustedRemote,
  joinUpstreamUrl,
  parseRemoteUrlAllowlist,
  type RemoteTrust,
} from "./upstream/url-policy.ts";
export { checkedFetch } from "./upstream/checked-fetch.ts";
export { isPrivateAddress } from "./upstream/address-policy.ts";
export { HubCache, type HubCacheOptions } from "./engine/hub-cache.ts";
export type { RemoteContext, Policy } from "./engine/context.ts";
export { fillKeyOf, type FileMeta, type ResolvedFile } from "./engine/files.ts";
export type { FillClaim, FillCoordinator, FillLease, PeerFillReader } from "./engine/fill-coordinator.ts";
export { parsePathsInfoBody, type ApiAnswer, type PathsInfoRequest } from "./engine/api.ts";
export { parseRange, type ByteRange, type RangeRequest } from "./http/range.ts";
export { matchesRepoPatterns } from "./policy/repo-patterns.ts";
export { passThrough, resumingStream } from "./engine/streams.ts";
export { backoffDelayMs } from "./background/backoff.ts";
export { BackgroundLoop, type BackgroundLoopOptions } from "./background/loop.ts";
export { WriteBuffer, type WriteBufferOptions } from "./background/write-buffer.ts";
