/**
 * The client address that sign-in limits are keyed by.
 *
 * Next.js does not show route handlers the TCP peer: it copies the client's own `X-Forwarded-For` through
 * unchanged, and only fills it in with the peer when the client sent none. So forwarded headers are never
 * believed as such. Instead, `installPeerAddressHeader()` (run once per server process from
 * instrumentation.ts) stamps every incoming request with the socket's peer address in
 * `PEER_ADDRESS_HEADER`, overwriting whatever the client sent under that name, before Next.js sees the
 * request. `X-Forwarded-For` is then believed only hop by hop, from the right, while the hop that added it
 * is one of the TRUSTED_PROXIES.
 *
 * When the peer cannot be known (the stamp is not installed in this process) the address is null: the
 * callers then use one shared bucket, and the per-username failure limit still holds.
 */
import { channel } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** Set on every request by installPeerAddressHeader: the TCP peer's address. */
export const PEER_ADDRESS_HEADER = "x-hubcache-peer-address";
/** Set by the auth service on requests it hands to better-auth: the resolved client address, if known. */
export const CLIENT_ADDRESS_HEADER = "x-hubcache-client-address";

const INSTALLED = Symbol.for("hubcache.peer-address-header");

interface RequestStart {
  request: IncomingMessage;
}

function isRequestStart(message: unknown): message is RequestStart {
  return typeof message === "object" && message !== null && "request" in message;
}

/**
 * Stamps the socket peer into every HTTP request this process serves (Node's `http.server.request.start`
 * diagnostics channel runs before the server's request handler). Idempotent.
 */
export function installPeerAddressHeader(): void {
  const state = globalThis as { [INSTALLED]?: boolean };
  if (state[INSTALLED]) return;
  channel("http.server.request.start").subscribe((message) => {
    if (!isRequestStart(message)) return;
    const { request } = message;
    const peer = request.socket.remoteAddress;
    if (peer) request.headers[PEER_ADDRESS_HEADER] = peer;
    else delete request.headers[PEER_ADDRESS_HEADER];
  });
  state[INSTALLED] = true;
}

/** The stamped peer address, or null when this process does not stamp requests (then it is not believed). */
export function stampedPeerAddress(request: Request): string | null {
  if (!(globalThis as { [INSTALLED]?: boolean })[INSTALLED]) return null;
  return request.headers.get(PEER_ADDRESS_HEADER);
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; null for anything that is not an IP address. */
function normalize(address: string): string | null {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  const ip = mapped?.[1] ?? trimmed;
  return isIP(ip) === 0 ? null : ip;
}

/** The TRUSTED_PROXIES list: IP addresses and CIDR ranges, IPv4 or IPv6. */
export class TrustedProxies {
  readonly #list = new BlockList();
  readonly entries: readonly string[];

  /** Throws on an entry that is not an address or a CIDR range. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = "", prefix, extra] = entry.split("/");
      const family = isIP(address);
      const bits = prefix === undefined ? undefined : Number(prefix);
      const max = family === 4 ? 32 : 128;
      if (
        family === 0 ||
        extra !== undefined ||
        (bits !== undefined && (!/^\d+$/.test(prefix ?? "") || bits > max))
      ) {
        throw new Error(`TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR range`);
      }
      const type = family === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) this.#list.addAddress(address, type);
      else this.#list.addSubnet(address, bits, type);
    }
    this.entries = [...entries];
  }

  /** Comma-separated, blanks ignored; empty or unset: no proxy is trusted. */
  static parse(raw: string | undefined): TrustedProxies {
    const entries = (raw ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    return new TrustedProxies(entries);
  }

  has(address: string): boolean {
    const ip = normalize(address);
    if (ip === null || this.entries.length === 0) return false;
    return this.#list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
  }
}

/**
 * The client's address: the peer, unless the peer is a trusted proxy; then the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (each trusted hop vouches for the entry it
 * appended, nothing further left). A malformed entry stops the walk at the last hop that was vouched for.
 * Null when the peer is unknown.
 */
export function resolveClientAddress(
  peer: string | null,
  headers: Headers,
  trusted: TrustedProxies,
): string | null {
  const peerIp = peer === null ? null : normalize(peer);
  if (peerIp === null) return null;
  let client = peerIp;
  if (!trusted.has(client)) return client;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i] ?? "");
    if (hop === null) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}
