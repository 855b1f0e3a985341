import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { webEnv } from "./env.ts";

export type Logger = pino.Logger;

/** The console's structured JSON logs (LOG_LEVEL); secrets are redacted wherever they might appear. */
export const logger: Logger = pino({
  level: webEnv.logLevel,
  base: { service: "web" },
  redact: [
    "authorization",
    "cookie",
    "headers.authorization",
    "headers.cookie",
    "password",
    "token",
    "hfToken",
    "*.password",
    "*.token",
    "*.hfToken",
  ],
});

/** One request: its id (answered in `x-request-id`) and a child logger that carries it. */
export interface RequestLog {
  requestId: string;
  log: Logger;
}

const scope = new AsyncLocalStorage<RequestLog>();
/** A client's own request id is kept when it is a plain token (as the content server does). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Runs `fn` as request `request`: everything it calls finds the request's id and logger (a child of
 * `base`, the app's logger unless a test gives its own).
 */
export function withRequestLog<T>(request: Request, fn: (scope: RequestLog) => T, base: Logger = logger): T {
  const given = request.headers.get("x-request-id");
  const requestId = given !== null && REQUEST_ID.test(given) ? given : randomUUID();
  const current = { requestId, log: base.child({ requestId }) };
  return scope.run(current, () => fn(current));
}

/** The current request's id and logger; outside a request (tests, start-up), a fresh id. */
export function requestLog(): RequestLog {
  return scope.getStore() ?? { requestId: randomUUID(), log: logger };
}
