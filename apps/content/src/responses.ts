import { exposedResponseHeaders, AppError } from "@hubcache/core";
import { inMemoryResponse } from "./memory-body.ts";

/** Headers browser clients (transformers.js, hub.js in a page) must be able to read: every one the route table says a client reads. */
const EXPOSED_HEADERS = exposedResponseHeaders().join(", ");

export function withCors(headers: Headers): Headers {
  headers.set("access-control-allow-origin", "*");
  headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  return headers;
}

export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: withCors(
      new Headers({
        "access-control-allow-methods": "GET, HEAD, POST, OPTIONS",
        "access-control-allow-headers": "Authorization, Range, Content-Type, Accept, User-Agent",
        "access-control-max-age": "86400",
      }),
    ),
  });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return inMemoryResponse(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Header values must be printable ASCII; messages may echo hostile input. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 500);
}

/** A AppError as the Hub would answer it: status, `X-Error-Code`, `X-Error-Message`, a JSON body. */
export function errorResponse(error: AppError): Response {
  const headers: Record<string, string> = { ...error.headers, "x-error-message": headerSafe(error.message) };
  if (error.code) headers["x-error-code"] = error.code;
  if (error.status === 401) headers["www-authenticate"] ??= 'Bearer realm="hubcache"';
  return jsonResponse(error.status, { error: error.message }, headers);
}

/** An unexpected failure: a generic 500 for the client, the details stay in the log under the request id. */
export function internalErrorResponse(requestId: string): Response {
  return errorResponse(new AppError(500, null, `Internal error (request id ${requestId})`));
}
