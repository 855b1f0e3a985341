import { z } from "zod";
import {
  distributionInputSchema,
  distributionUpdateSchema,
  remoteInputSchema,
  remoteUpdateSchema,
} from "../schemas.ts";
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

function crud(tag: string, schemaRef: string, patchSchemaRef: string) {
  const bodyOf = ($ref: string) => ({
    required: true,
    content: { "application/json": { schema: { $ref } } },
  });
  const body = bodyOf(schemaRef);
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
      put: {
        tags: [tag],
        summary: `Replace a ${tag.replace(/s$/, "")}: omitted fields take their defaults`,
        requestBody: body,
        responses: { "200": ok("Replaced"), "404": { description: "Not found" }, ...errors },
      },
      patch: {
        tags: [tag],
        summary: `Change the fields sent; the others keep their values`,
        requestBody: bodyOf(patchSchemaRef),
        responses: { "200": ok("Updated"), "404": { description: "Not found" }, ...errors },
      },
      delete: { tags: [tag], responses: { "204": { description: "Deleted" }, ...errors } },
    },
  };
}

export function openApiDocument() {
  const remotes = crud(
    "remotes",
    "#/components/schemas/HuggingFaceRemote",
    "#/components/schemas/PatchedHuggingFaceRemote",
  );
  const distributions = crud(
    "distributions",
    "#/components/schemas/HuggingFaceDistribution",
    "#/components/schemas/PatchedHuggingFaceDistribution",
  );
  const remote = pulpSchema(remoteInputSchema, REMOTE_FIELDS);
  const patchedRemote = pulpSchema(remoteUpdateSchema, REMOTE_FIELDS);
  const distribution = pulpSchema(distributionInputSchema, DISTRIBUTION_FIELDS);
  const patchedDistribution = pulpSchema(distributionUpdateSchema, DISTRIBUTION_FIELDS);
  const remoteHref = { type: "string", description: "The remote's pulp_href" };
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
        PatchedHuggingFaceRemote: patchedRemote,
        HuggingFaceDistribution: {
          ...distribution,
          properties: { ...distribution.properties, remote: remoteHref },
        },
        PatchedHuggingFaceDistribution: {
          ...patchedDistribution,
          properties: { ...patchedDistribution.properties, remote: remoteHref },
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
