/** The Hub's machine-readable error codes, sent in `X-Error-Code`; clients map them to exception classes. */
export type HubErrorCode =
  | "RepoNotFound"
  | "GatedRepo"
  | "RevisionNotFound"
  | "EntryNotFound"
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "UpstreamUnavailable"
  | "UpstreamTimeout"
  | "UpstreamError"
  | "ServiceUnavailable";

/** An error that knows the HTTP answer it deserves. Its message is safe to show to clients. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    /** Sent as `X-Error-Code`; null when the upstream sent none (never invent one). */
    readonly code: HubErrorCode | (string & {}) | null,
    message: string,
    /** Extra headers for the answer, such as `X-Repo-Commit` on EntryNotFound. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HubError";
  }
}

export const badRequest = (message: string): HubError => new HubError(400, "BadRequest", message);

/** Upstream unreachable (connection refused or reset) and nothing cached to fall back on. */
export const upstreamUnavailable = (detail: string): HubError =>
  new HubError(502, "UpstreamUnavailable", `Upstream Hub unreachable and content not cached: ${detail}`);

export const upstreamTimeout = (detail: string): HubError =>
  new HubError(504, "UpstreamTimeout", `Upstream Hub timed out and content not cached: ${detail}`);

/** Something the cache needs (its database) is out of reach for now: the client should come back. */
export function serviceUnavailable(what: string, cause: unknown): HubError {
  const error = new HubError(503, "ServiceUnavailable", `${what} is unavailable; try again shortly`);
  error.cause = cause;
  return error;
}
