import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { buildConnector } from "undici/index.js";
import { BlockedAddressError, isIpLiteral } from "./address-policy.ts";

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** True for a resolved address that must not be connected to (`isPrivateAddress` outside tests). */
export type AddressRefusal = (address: string) => boolean;

/**
 * A `lookup` for net/tls.connect that resolves the name and refuses it when any address it resolves to is
 * refused. The socket then connects to exactly the addresses checked here: there is no second resolution,
 * so no time-of-check/time-of-use gap (DNS rebinding).
 */
function checkedLookup(refuse: AddressRefusal) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find(({ address }) => refuse(address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
      const [first] = addresses;
      if (options.all) return callback(null, addresses);
      if (!first)
        return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * undici's connector with an address check: an IP literal is judged before connecting (the OS connects to
 * it without a lookup), a name by the addresses it resolves to. It runs for every connection of the
 * agent, so also for redirects followed server-side.
 */
export function checkedConnector(timeoutMs: number, refuse: AddressRefusal): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: checkedLookup(refuse) });
  return (options, callback) => {
    if (isIpLiteral(options.hostname) && refuse(options.hostname.replace(/%.*$/, ""))) {
      callback(new BlockedAddressError(options.hostname, options.hostname), null);
      return;
    }
    connect(options, callback);
  };
}
