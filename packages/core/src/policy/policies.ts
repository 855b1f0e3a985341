/**
 * How a remote fills the cache, as in Pulp: `on_demand` fetches a file on its first request and keeps it,
 * `streamed` proxies without keeping anything, `immediate` also fetches whole repos up front.
 */
export const POLICIES = ["on_demand", "streamed", "immediate"] as const;
export type Policy = (typeof POLICIES)[number];
