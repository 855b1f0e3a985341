import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf } from "./field-errors.ts";

const remote = z.object({ name: z.string().min(1, "Enter a name."), patterns: z.array(z.string().max(3)) });

function failure(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to fail");
  return result.error;
}

describe("fieldErrorsOf", () => {
  it("keys each message by its field's path, and the whole input's under non_field_errors", () => {
    expect(fieldErrorsOf(failure(remote, { name: "", patterns: ["ok", "too long"] }))).toEqual({
      name: ["Enter a name."],
      "patterns.1": ["Too big: expected string to have <=3 characters"],
    });
    expect(fieldErrorsOf(failure(remote, "text"))).toEqual({
      non_field_errors: ["Invalid input: expected object, received string"],
    });
  });

  it("reads the fields under `within` as the form's own, and leaves the others as they are", () => {
    const call = z.object({ id: z.string(), data: remote });
    expect(
      fieldErrorsOf(failure(call, { id: 1, data: { name: "", patterns: [] } }), { within: "data" }),
    ).toEqual({
      id: ["Invalid input: expected string, received number"],
      name: ["Enter a name."],
    });
  });
});
