import { AppError, codeForStatus, type FieldErrors } from "@hubcache/core/errors";
import type { z } from "zod";
import { fieldErrorsOf } from "./field-errors.ts";

export { AppError, type FieldErrors } from "@hubcache/core/errors";

/** A refusal by the services: an HTTP status and a message; `fields` carries per-field messages for a 400. */
export const refused = (status: number, message: string, fields: FieldErrors = {}): AppError =>
  new AppError(status, codeForStatus(status), message, {}, fields);

export const notFound = (what: string) => refused(404, `${what} not found.`);
export const forbidden = () => refused(403, "You do not have permission to change this team's settings.");
export const invalid = (fields: FieldErrors) => refused(400, "Invalid input.", fields);

/** Parses with a schema, or throws a 400 with per-field messages. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldErrorsOf(result.error));
  return result.data;
}
