import { HubError } from "../hub/errors.ts";
import type { UpstreamResponse } from "./client.ts";

/**
 * Turns an upstream error answer into the HubError the client should get: the status, `X-Error-Code`,
 * `X-Error-Message` and `X-Repo-Commit` exactly as the upstream sent them. A 5xx becomes a 502 (an
 * outage: the caller may fall back on the cache), except 508: a request loop stays one all the way back.
 */
export async function errorFromUpstream(response: UpstreamResponse): Promise<HubError> {
  await response.discard();
  const code = response.headers.get("x-error-code");
  const message = response.headers.get("x-error-message") ?? `Upstream Hub answered ${response.status}`;
  const headers: Record<string, string> = {};
  for (const name of ["x-repo-commit", "retry-after", "www-authenticate"]) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (response.status === 508) {
    return new HubError(508, "LoopDetected", "Request loop: the remote leads back to this cache");
  }
  if (response.status >= 500) {
    return new HubError(
      502,
      code ?? "UpstreamError",
      `Upstream Hub error ${response.status}: ${message}`,
      headers,
    );
  }
  return new HubError(response.status, code, message, headers);
}
