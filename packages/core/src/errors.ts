/** Per-field messages, the shape forms and the REST API show: `{ field: ["message"] }`. */
export type FieldErrors = Record<string, string[]>;

/**
 * The one application error: an HTTP status, a machine-readable code, a message safe to show to the
 * client, and where it applies the headers the answer needs (`X-Repo-Commit` on EntryNotFound) or the
 * per-field messages of invalid input. Every layer throws it; each edge maps it once: the content server
 * to a Hub-style answer, the REST API to a Pulp-style one, tRPC to its codes. Anything else is an
 * unexpected failure: a generic 500 for the client, the details in the log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Sent as `X-Error-Code` by the content server; null when the upstream sent none (never invent one). */
    readonly code: string | null,
    message: string,
    /** Extra headers for the answer, such as `X-Repo-Commit` on EntryNotFound. */
    readonly headers: Record<string, string> = {},
    /** Per-field messages of invalid input (a 400). */
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The code of an application refusal with no more specific one, by its status. */
export function codeForStatus(status: number): string {
  return CODES[status] ?? (status >= 500 ? "InternalError" : "BadRequest");
}

const CODES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  408: "RequestTimeout",
  409: "Conflict",
  413: "PayloadTooLarge",
  429: "TooManyRequests",
  503: "ServiceUnavailable",
};
