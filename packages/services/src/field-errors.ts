import type { FieldErrors } from "@hubcache/core/errors";
import type { z } from "zod";

/** The key of the messages about the input as a whole (Pulp's name for them). */
export const NON_FIELD_ERRORS = "non_field_errors";

/**
 * A failed zod parse as per-field messages, keyed by the field's path (`hubUrl`, `includePatterns.0`):
 * the one conversion of the REST API, tRPC and the console's forms. `within`: the form's fields sit under
 * this key of the input (tRPC's `{ id, data: {...} }`), so `data.hubUrl` is keyed `hubUrl`.
 * Browser-safe (`@hubcache/services/field-errors`).
 */
export function fieldErrorsOf(error: z.ZodError, options: { within?: string } = {}): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path =
      options.within !== undefined && issue.path[0] === options.within ? issue.path.slice(1) : issue.path;
    const key = path.length > 0 ? path.join(".") : NON_FIELD_ERRORS;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
