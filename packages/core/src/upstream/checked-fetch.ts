// The real npm undici, imported by file path (see client.ts).
import { Agent, fetch as undiciFetch } from "undici/index.js";
import { isPrivateAddress } from "./address-policy.ts";
import { checkedConnector } from "./connector.ts";

const CONNECT_TIMEOUT_MS = 10_000;
let trustedAgent: Agent | undefined;
let checkedAgent: Agent | undefined;

/**
 * `fetch` for one-off requests to a remote outside an UpstreamClient (the console's "test connection"),
 * with the same rule as the content server's: unless the remote is trusted, a connection to a loopback,
 * private, link-local or unique-local address is refused after DNS resolution.
 */
export function checkedFetch(allowPrivateNetwork: boolean): typeof fetch {
  const dispatcher = allowPrivateNetwork
    ? (trustedAgent ??= new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS } }))
    : (checkedAgent ??= new Agent({ connect: checkedConnector(CONNECT_TIMEOUT_MS, isPrivateAddress) }));
  // undici's own fetch takes its own Agent; its Request and Response are the standard ones.
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}
