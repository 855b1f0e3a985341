import pino from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs; secrets are redacted by path wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "content" },
    redact: ["authorization", "headers.authorization", "token", "hfToken", "*.token", "*.hfToken"],
  });
}
