import type { Logger } from "./logger.ts";

/** The longest rendering of a rejection reason that is not an Error. */
const MAX_REASON_CHARS = 2_000;

/**
 * Nothing unexpected ends the process silently.
 *
 * A promise rejected with nothing to handle it is a bug (a forgotten `catch`), but not one that leaves
 * the server in an unknown state: it is logged at error level with what it is, what failed, how many
 * such rejections there were so far, and that the server keeps running; the process goes on serving.
 *
 * An uncaught exception may have left the process half-way through anything: it is logged as fatal and
 * `onUncaughtException` is called (the server shuts down; its supervisor restarts it). Except one: a file
 * handle the collector found open (a bug: some path forgot to close it). The runtime has closed its
 * descriptor already and throws from a finaliser, not from the middle of any work, so it is logged at
 * error level like a stray rejection and the server keeps serving.
 */
export function installProcessHandlers(logger: Logger, onUncaughtException: () => void): void {
  let strayRejections = 0;
  process.on("unhandledRejection", (reason) => {
    strayRejections++;
    logger.error(
      { event: "unhandledRejection", reason: describeReason(reason), strayRejections, keepsRunning: true },
      "a promise was rejected and nothing handled it (a bug); the server keeps running",
    );
  });
  let collectedFileHandles = 0;
  process.on("uncaughtException", (error) => {
    if (isFileHandleCollected(error)) {
      collectedFileHandles++;
      logger.error(
        {
          event: "fileHandleCollected",
          reason: describeReason(error),
          collectedFileHandles,
          keepsRunning: true,
        },
        "a file handle was left open and closed by the garbage collector (a bug); the server keeps running",
      );
      return;
    }
    logger.fatal(
      { event: "uncaughtException", reason: describeReason(error), keepsRunning: false },
      "uncaught exception; shutting down",
    );
    onUncaughtException();
  });
}

/** Bun's (and Node's) error for a `FileHandle` collected unclosed, thrown after it closed the descriptor. */
function isFileHandleCollected(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === "ERR_INVALID_STATE" &&
    error.message.startsWith("A FileHandle object was closed during garbage collection")
  );
}

/**
 * What was thrown, without the rest of its properties (an HTTP client's error may carry its request's
 * headers) and with the password of any URL in it masked.
 */
export function describeReason(reason: unknown): Record<string, unknown> {
  if (reason instanceof Error) {
    const code = (reason as { code?: unknown }).code;
    return {
      type: reason.name,
      message: maskUrlPasswords(reason.message),
      stack: maskUrlPasswords(reason.stack ?? ""),
      ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
      ...(reason.cause === undefined ? {} : { cause: describeReason(reason.cause) }),
    };
  }
  let text: string;
  try {
    text = typeof reason === "string" ? reason : (JSON.stringify(reason) ?? String(reason));
  } catch {
    text = String(reason);
  }
  return { type: typeof reason, message: maskUrlPasswords(text.slice(0, MAX_REASON_CHARS)) };
}

/** `scheme://user:password@host` → `scheme://user:***@host` (e.g. a DATABASE_URL in a message). */
function maskUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/@]+@/gi, "$1***@");
}
