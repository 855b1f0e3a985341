import { z } from "zod";
import { distributionInputSchema, remoteInputSchema } from "../schemas.ts";
import { DISTRIBUTION_FIELDS, REMOTE_FIELDS } from "./fields.ts";

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };

/** The domain schema's JSON Schema under the Pulp field names: one set of schemas, two spellings. */
function pulpSchema(schema: z.ZodType, fields: Record<string, string>): JsonSchema {
  const domain = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  const byDomain = new Map(Object.entries(fields).map(([pulp, name]) => [name, pulp]));
  const properties: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(domain.properties ?? {})) {
    properties[byDomain.get(name) ?? name] = property;
  }
  const required = (domain.required ?? []).map((name) => byDomain.get(name) ?? name);
  return { type: "object", properties, required };
}

function crud(tag: string, schemaRef: string) {
  const body = { required: true, content: { "application/json": { schema: { $ref: schemaRef } } } };
  const ok = (description: string) => ({
    description,
    content: { "application/json": { schema: { type: "object" } } },
  });
  const errors = {
    "400": { description: "Invalid input: per-field messages" },
    "401": { description: "No valid credentials" },
  };
  return {
    collection: {
      get: {
        tags: [tag],
        summary: `List ${tag}`,
        parameters: ["name", "limit", "offset"].map((name) => ({
          name,
          in: "query",
          schema: { type: "string" },
        })),
        responses: { "200": ok("{count, next, previous, results}"), ...errors },
      },
      post: {
        tags: [tag],
        summary: `Create a ${tag}`,
        requestBody: body,
        responses: { "201": ok("Created"), ...errors },
      },
    },
    item: {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      get: {
        tags: [tag],
        responses: { "200": ok("The item"), "404": { description: "Not found" }, ...errors },
      },
      patch: { tags: [tag], requestBody: body, responses: { "200": ok("Updated"), ...errors } },
      delete: { tags: [tag], responses: { "204": { description: "Deleted" }, ...errors } },
    },
  };
}

export function openApiDocument() {
  const remotes = crud("remotes", "#/components/schemas/HuggingFaceRemote");
  const distributions = crud("distributions", "#/components/schemas/HuggingFaceDistribution");
  const remote = pulpSchema(remoteInputSchema, REMOTE_FIELDS);
  const distribution = pulpSchema(distributionInputSchema, DISTRIBUTION_FIELDS);
  return {
    openapi: "3.1.0",
    info: { title: "Hubcache REST API (Pulp-compatible)", version: "3" },
    components: {
      securitySchemes: {
        basic: { type: "http", scheme: "basic" },
        bearer: { type: "http", scheme: "bearer" },
      },
      schemas: {
        HuggingFaceRemote: { ...remote, properties: { ...remote.properties, team: { type: "string" } } },
        HuggingFaceDistribution: {
          ...distribution,
          properties: {
            ...distribution.properties,
            remote: { type: "string", description: "The remote's pulp_href" },
          },
        },
      },
    },
    security: [{ basic: [] }, { bearer: [] }],
    paths: {
      "/pulp/api/v3/remotes/hugging_face/hugging-face/": remotes.collection,
      "/pulp/api/v3/remotes/hugging_face/hugging-face/{id}/": remotes.item,
      "/pulp/api/v3/distributions/hugging_face/hugging-face/": distributions.collection,
      "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/": distributions.item,
    },
  };
}
