import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  distributionInputSchema,
  distributionUpdateSchema,
  remoteInputSchema,
  remoteUpdateSchema,
} from "../schemas.ts";
import { pulpOperations } from "./api.ts";
import { DISTRIBUTION_FIELDS, REMOTE_FIELDS, toDomain } from "./fields.ts";
import type { PulpApiDeps } from "./http.ts";

/** The routes as the document lists them: no handler runs. */
const operations = pulpOperations(new Proxy({} as PulpApiDeps, { get: () => undefined }));

/**
 * `schema` with every object strict at every depth: an example with a field the schema does not have
 * fails, as it would mislead a client (zod objects strip unknown fields by default).
 */
function strictly(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape)) shape[key] = strictly(value as z.ZodType);
    return z.strictObject(shape);
  }
  if (schema instanceof z.ZodArray) return z.array(strictly(schema.element as z.ZodType));
  if (schema instanceof z.ZodNullable) return strictly(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodOptional) return strictly(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodDefault) return strictly(schema.unwrap() as z.ZodType).optional();
  return schema;
}

/**
 * The bodies documented by reference to a component (the Pulp resources): the domain schema the
 * component is built from, the Pulp names of its fields, and the fields the document adds.
 */
const COMPONENTS: Record<string, { schema: z.ZodType; fields: Record<string, string>; extra: string[] }> = {
  HuggingFaceRemote: { schema: remoteInputSchema, fields: REMOTE_FIELDS, extra: ["team"] },
  PatchedHuggingFaceRemote: { schema: remoteUpdateSchema, fields: REMOTE_FIELDS, extra: [] },
  HuggingFaceDistribution: { schema: distributionInputSchema, fields: DISTRIBUTION_FIELDS, extra: ["team"] },
  PatchedHuggingFaceDistribution: {
    schema: distributionUpdateSchema,
    fields: DISTRIBUTION_FIELDS,
    extra: [],
  },
};

const issuesOf = (result: { success: boolean; error?: z.ZodError }) =>
  result.success
    ? []
    : (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);

interface Example {
  where: string;
  schema: unknown;
  example: unknown;
}

const examples: Example[] = operations.flatMap((operation) => {
  const name = `${operation.method} ${operation.path}`;
  const found: Example[] = [];
  if (operation.doc.body) {
    found.push({
      where: `${name} body`,
      schema: operation.doc.body.schema,
      example: operation.doc.body.example,
    });
  }
  for (const [status, response] of Object.entries(operation.doc.responses)) {
    if (response.example !== undefined) {
      found.push({ where: `${name} ${status}`, schema: response.schema, example: response.example });
    }
  }
  return found;
});

describe("the OpenAPI document's examples", () => {
  it("are many (the list below is not empty by mistake)", () => {
    expect(examples.length).toBeGreaterThan(40);
  });

  it.each(examples)(
    "$where: validates against its own schema, with no field it lacks",
    ({ schema, example }) => {
      if (schema instanceof z.ZodType) {
        expect(issuesOf(strictly(schema).safeParse(example))).toEqual([]);
        return;
      }
      const component = /^#\/components\/schemas\/(\w+)$/.exec(
        (schema as { $ref?: string } | undefined)?.$ref ?? "",
      )?.[1];
      const known = component === undefined ? undefined : COMPONENTS[component];
      if (!known)
        throw new Error(`An example whose schema this test cannot check: ${JSON.stringify(schema)}`);
      const body = example as Record<string, unknown>;
      const allowed = [...Object.keys(known.fields), ...known.extra];
      expect(Object.keys(body).filter((key) => !allowed.includes(key))).toEqual([]);
      expect(issuesOf(known.schema.safeParse(toDomain(body, known.fields)))).toEqual([]);
    },
  );

  it("the check finds an example with a missing field or a field its schema lacks", () => {
    const schema = z.object({ used: z.number(), teams: z.array(z.object({ slug: z.string() })) });
    expect(issuesOf(strictly(schema).safeParse({ used: 1, teams: [{ slug: "a" }] }))).toEqual([]);
    expect(issuesOf(strictly(schema).safeParse({ teams: [] }))).not.toEqual([]);
    expect(issuesOf(strictly(schema).safeParse({ used: 1, teams: [{ slug: "a", quota: 1 }] }))).not.toEqual(
      [],
    );
  });
});
