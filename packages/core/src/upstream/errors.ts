import type { UpstreamResponse } from "./client.ts";
import { AppError } from "../errors.ts";

/**
 * Turns an upstream error answer into the AppError the client should get: the status, `X-Error-Code`,
 * `X-Error-Message` and `X-Repo-Commit` exactly as the upstream sent them. A 5xx becomes a 502 (an
 * outage: the caller may fall back on the cache), except 508: a request loop stays one all the way back.
 */
export async function errorFromUpstream(response: UpstreamResponse): Promise<AppError> {
  await response.discard();
  const code = response.headers.get("x-error-code");
  const message = response.headers.get("x-error-message") ?? `Upstream Hub answered ${response.status}`;
  const headers: Record<string, string> = {};
  for (const name of ["x-repo-commit", "retry-after", "www-authenticate"]) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (response.status === 508) {
    return new AppError(508, "LoopDetected", "Request loop: the remote leads back to this cache");
  }
  if (response.status >= 500) {
    return new AppError(
      502,
      code ?? "UpstreamError",
      `Upstream Hub error ${response.status}: ${message}`,
      headers,
    );
  }
  return new AppError(response.status, code, message, headers);
}
