/** Bad usage (a missing or wrong option): exit code 2. Nothing was sent. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The API refused or failed: exit code 1, with its message. */
export class ApiFailure extends Error {
  override name = "ApiFailure";
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** The API's error body (`{detail}` or per-field messages) as one readable message. */
export function messageOf(status: number, body: unknown): string {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    const lines = Object.entries(record).map(([field, messages]) => {
      const text = Array.isArray(messages) ? messages.map(String).join(" ") : String(messages);
      return field === "non_field_errors" ? text : `${field}: ${text}`;
    });
    if (lines.length > 0) return lines.join("\n");
  }
  return `The server answered HTTP ${status}.`;
}
