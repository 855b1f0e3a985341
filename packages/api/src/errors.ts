import type { z } from "zod";

/** Per-field messages, the shape forms and the REST API show: `{ field: ["message"] }`. */
export type FieldErrors = Record<string, string[]>;

/** A refusal with an HTTP status; `fields` carries per-field messages for a 400. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found.`);
export const forbidden = () =>
  new ApiError(403, "You do not have permission to change this team's settings.");
export const invalid = (fields: FieldErrors) => new ApiError(400, "Invalid input.", fields);

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "non_field_errors";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses with a schema, or throws a 400 with per-field messages. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldErrorsOf(result.error));
  return result.data;
}
