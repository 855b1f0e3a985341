/**
 * Loop detection: every upstream request names this instance in `Via`; a request that arrives carrying
 * that name went out from here and came back (a remote whose URL leads to this cache), and is answered
 * 508 at once instead of being sent round again.
 */

export function viaHeader(instanceId: string): string {
  return `1.1 hubcache-${instanceId}`;
}

/** True when a `Via` header (a comma-separated list of `protocol received-by [comment]`) names us. */
export function viaNamesInstance(via: string | null, instanceId: string): boolean {
  if (via === null) return false;
  const ours = `hubcache-${instanceId}`;
  return via.split(",").some((hop) => hop.trim().split(/\s+/)[1] === ours);
}
