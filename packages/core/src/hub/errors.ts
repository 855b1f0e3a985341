import { AppError } from "../errors.ts";

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

export const badRequest = (message: string): AppError => new AppError(400, "BadRequest", message);

/** Upstream unreachable (connection refused or reset) and nothing cached to fall back on. */
export const upstreamUnavailable = (detail: string): AppError =>
  new AppError(502, "UpstreamUnavailable", `Upstream Hub unreachable and content not cached: ${detail}`);

export const upstreamTimeout = (detail: string): AppError =>
  new AppError(504, "UpstreamTimeout", `Upstream Hub timed out and content not cached: ${detail}`);

/** Something the cache needs (its database) is out of reach for now: the client should come back. */
export function serviceUnavailable(what: string, cause: unknown): AppError {
  const error = new AppError(503, "ServiceUnavailable", `${what} is unavailable; try again shortly`);
  error.cause = cause;
  return error;
}
