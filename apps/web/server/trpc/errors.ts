import { AppError, fieldErrorsOf, type FieldErrors } from "@hubcache/services";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

/** What the browser may learn about a failed call. */
export interface PublicError {
  /** A refusal the application meant (its message is for the user); false: a bug or an outage. */
  known: boolean;
  message: string;
  /** Per-field messages, keyed like the forms' fields (`hubUrl`, `includePatterns.0`). */
  fields: FieldErrors;
}

/** The services' statuses as tRPC codes (anything else stays INTERNAL_SERVER_ERROR, message kept). */
const STATUS_CODES: Record<number, TRPCError["code"]> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  409: "CONFLICT",
  429: "TOO_MANY_REQUESTS",
};

/** A service's AppError as the tRPC error with the matching code and the same message. */
export function trpcErrorOf(error: AppError): TRPCError {
  return new TRPCError({
    code: STATUS_CODES[error.status] ?? "INTERNAL_SERVER_ERROR",
    message: error.message,
    cause: error,
  });
}

/**
 * Known errors keep their message: the services' AppError (with its field errors), input that fails the
 * shared zod schemas ("Invalid input." and field errors), and tRPC's own refusals (UNAUTHORIZED, a
 * cross-site FORBIDDEN, a malformed request...). Anything else — a database error, a bug, an output that
 * fails its schema — is answered "Internal error (request id …)", never with its own text.
 */
export function publicError(error: TRPCError, requestId: string): PublicError {
  const { cause } = error;
  if (cause instanceof AppError) return { known: true, message: cause.message, fields: cause.fields };
  if (error.code === "BAD_REQUEST" && cause instanceof z.ZodError) {
    // The shared schemas sit under `data` (`{ id, data: {...} }`): `data.hubUrl` is the form's `hubUrl`.
    return { known: true, message: "Invalid input.", fields: fieldErrorsOf(cause, { within: "data" }) };
  }
  if (error.code !== "INTERNAL_SERVER_ERROR") return { known: true, message: error.message, fields: {} };
  return { known: false, message: `Internal error (request id ${requestId})`, fields: {} };
}
