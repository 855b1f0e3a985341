import { isIP } from "node:net";

/**
 * Which IP addresses an upstream connection may reach. Pure: it classifies addresses, it never resolves
 * names (the connector checks the addresses a name resolved to, see connector.ts).
 */

/** [first address, prefix length] of the IPv4 ranges that are not the public Internet. */
const PRIVATE_V4: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 (unspecified)
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, including the cloud metadata address 169.254.169.254
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 (broadcast)
];

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

/** The 16 bytes of an IPv6 address (`::`, an embedded IPv4 tail and a `%zone` are allowed), or null. */
function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, "");
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const out: number[] = [];
    const parts = half.split(":");
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes(".")) {
        const v4 = parseIpv4(part);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

function inPrefix(bytes: readonly number[], first: readonly number[], prefixLength: number): boolean {
  for (let bit = 0; bit < prefixLength; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[byte] ?? 0) & mask) !== ((first[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function isPrivateV4(bytes: readonly number[]): boolean {
  return PRIVATE_V4.some(([first, length]) => inPrefix(bytes, parseIpv4(first) ?? [], length));
}

function isPrivateV6(bytes: readonly number[]): boolean {
  const zeroUpTo = (end: number) => bytes.slice(0, end).every((byte) => byte === 0);
  // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped): judge the IPv4 tail,
  // and ::/128, ::1/128 are private whatever the tail says.
  if (zeroUpTo(12)) return true;
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff) return isPrivateV4(bytes.slice(12));
  // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) reach the IPv4 address they embed.
  if (inPrefix(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) {
    return isPrivateV4(bytes.slice(12));
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return isPrivateV4(bytes.slice(2, 6));
  const first = bytes[0] ?? 0;
  const second = bytes[1] ?? 0;
  if ((first & 0xfe) === 0xfc) return true; // fc00::/7 unique-local
  if (first === 0xfe && (second & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (first === 0xfe && (second & 0xc0) === 0xc0) return true; // fec0::/10 site-local (deprecated)
  if (first === 0xff) return true; // ff00::/8 multicast
  return false;
}

/**
 * True for an address an untrusted remote must not reach: loopback, private, link-local (the metadata
 * service), unique-local, CGNAT, unspecified, multicast and reserved ranges, also as IPv4-mapped IPv6.
 * Anything that is not an IP address at all is refused too.
 */
export function isPrivateAddress(address: string): boolean {
  const host = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const v4 = parseIpv4(host);
  if (v4) return isPrivateV4(v4);
  const v6 = host.includes(":") ? parseIpv6(host) : null;
  if (v6) return isPrivateV6(v6);
  return true;
}

/** True for an IP literal (`127.0.0.1`, `::1`, `[::1]`): a host that is connected to without a lookup. */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return isIP(bare.replace(/%.*$/, "")) !== 0;
}

export const BLOCKED_ADDRESS_CODE = "HUBCACHE_UPSTREAM_ADDRESS_BLOCKED";

/** Thrown by the connector instead of connecting; the client maps it to a 502 without the details. */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_CODE;

  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`Upstream host ${host} resolves to ${address}, a non-public address`);
    this.name = "BlockedAddressError";
  }
}
