// NOTE (from the @hubcache/db session): this file was accidentally overwritten while it was being
// written concurrently; it was reconstructed as "re-export every module". Review and trim as needed —
// @hubcache/db only needs the cache-index types below.
export type * from "./cache/cache-index.ts";
export * from "./cache/blob-store.ts";
export * from "./cache/digest.ts";
export * from "./cache/download.ts";
export * from "./cache/fs-blob-store.ts";
export * from "./cache/memory-index.ts";
export * from "./engine/api.ts";
export * from "./engine/context.ts";
export * from "./engine/files.ts";
export * from "./engine/hub-cache.ts";
export * from "./engine/revisions.ts";
export * from "./engine/single-flight.ts";
export * from "./engine/streams.ts";
export * from "./http/range.ts";
export * from "./hub/errors.ts";
export * from "./hub/repo.ts";
export * from "./hub/route.ts";
export * from "./hub/sanitize.ts";
export * from "./policy/repo-patterns.ts";
export * from "./upstream/client.ts";
export * from "./upstream/errors.ts";
export { passThrough } from "./engine/streams.ts";
