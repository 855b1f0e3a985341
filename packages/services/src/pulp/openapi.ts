import { z } from "zod";
import {
  distributionInputSchema,
  distributionUpdateSchema,
  remoteInputSchema,
  remoteUpdateSchema,
} from "../schemas.ts";
import { DISTRIBUTION_FIELDS, REMOTE_FIELDS } from "./fields.ts";
import { PULP_API_PREFIX, type Operation, type PulpApiDeps, type ResponseDoc } from "./http.ts";
import { pulpOperations } from "./api.ts";

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };

/** A zod schema as JSON Schema (dates and transforms as what is sent: strings). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** The domain schema's JSON Schema under the Pulp field names: one set of schemas, two spellings. */
function pulpSchema(schema: z.ZodType, fields: Record<string, string>): JsonSchema {
  const domain = jsonSchema(schema, "input");
  const byDomain = new Map(Object.entries(fields).map(([pulp, name]) => [name, pulp]));
  const properties: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(domain.properties ?? {})) {
    properties[byDomain.get(name) ?? name] = property;
  }
  // A field with a default may be omitted, whatever the JSON Schema conversion says.
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const required = (domain.required ?? [])
    .filter((name) => !shape[name]?.safeParse(undefined).success)
    .map((name) => byDomain.get(name) ?? name);
  return { type: "object", properties, required };
}

const INTEGER_QUERY = new Set(["limit", "offset", "days"]);

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

const errorSchema = {
  type: "object",
  description: "`{detail}`, or for a 400 one list of messages per field",
  additionalProperties: true,
  properties: { detail: { type: "string" } },
};

const STANDARD_ERRORS: Record<string, string> = {
  "400": "Invalid input: a message per field, or `detail`",
  "401": "No valid credentials",
  "403": "A member's attempt to change what only admins and owners may",
  "404": "Not found, or not yours to see",
};

function responseObject(doc: ResponseDoc) {
  if (!doc.schema) return { description: doc.description };
  const schema = isZod(doc.schema) ? jsonSchema(doc.schema, "output") : doc.schema;
  return {
    description: doc.description,
    content: {
      "application/json": { schema, ...(doc.example === undefined ? {} : { example: doc.example }) },
    },
  };
}

function operationObject(operation: Operation) {
  const { doc } = operation;
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(doc.responses))
    responses[status] = responseObject(response);
  const errors = ["401", "404", ...(operation.method === "GET" ? [] : ["400", "403"])];
  for (const status of errors) {
    responses[status] ??= {
      description: STANDARD_ERRORS[status],
      content: { "application/json": { schema: errorSchema } },
    };
  }
  const parameters = (doc.query ?? []).map((query) => ({
    name: query.name,
    in: "query",
    description: query.description,
    required: query.required ?? false,
    schema: query.schema ?? (INTEGER_QUERY.has(query.name) ? { type: "integer" } : { type: "string" }),
  }));
  return {
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    operationId: `${doc.tag}_${operation.method.toLowerCase()}_${operation.path.replace(/[^a-z0-9]+/gi, "_").replace(/_+$/, "")}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: isZod(doc.body.schema) ? jsonSchema(doc.body.schema, "input") : doc.body.schema,
                example: doc.body.example,
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** No dependencies: the routes are listed for their documentation only, and no handler runs. */
const DOC_DEPS = new Proxy({} as PulpApiDeps, { get: () => undefined });

type PathItem = Record<string, unknown>;

/** The OpenAPI 3.1 document of every route: request and response schemas, with examples. */
export function openApiDocument() {
  const paths: Record<string, PathItem> = {};
  for (const operation of pulpOperations(DOC_DEPS)) {
    const path = `${PULP_API_PREFIX}${operation.path}`;
    const item = (paths[path] ??= {});
    const names = [...operation.path.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1]);
    if (names.length > 0) {
      item.parameters = names.map((name) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      }));
    }
    item[operation.method.toLowerCase()] = operationObject(operation);
  }
  const remote = pulpSchema(remoteInputSchema, REMOTE_FIELDS);
  const patchedRemote = pulpSchema(remoteUpdateSchema, REMOTE_FIELDS);
  const distribution = pulpSchema(distributionInputSchema, DISTRIBUTION_FIELDS);
  const patchedDistribution = pulpSchema(distributionUpdateSchema, DISTRIBUTION_FIELDS);
  const remoteHref = { type: "string", description: "The remote's pulp_href" };
  const team = {
    type: "string",
    description: "The team's slug (or id); required when the caller may change more than one team",
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Hubcache REST API (Pulp-compatible)",
      version: "3",
      description:
        "Everything the console does. Authenticate with HTTP Basic or a personal API token " +
        "(`Authorization: Bearer hcapi_…`). Lists answer `{count, next, previous, results}` with `limit` " +
        "and `offset`; another team's objects answer 404.",
    },
    components: {
      securitySchemes: {
        basic: { type: "http", scheme: "basic" },
        bearer: { type: "http", scheme: "bearer" },
      },
      schemas: {
        HuggingFaceRemote: { ...remote, properties: { ...remote.properties, team } },
        PatchedHuggingFaceRemote: patchedRemote,
        HuggingFaceDistribution: {
          ...distribution,
          properties: { ...distribution.properties, remote: remoteHref, team },
        },
        PatchedHuggingFaceDistribution: {
          ...patchedDistribution,
          properties: { ...patchedDistribution.properties, remote: remoteHref },
        },
      },
    },
    security: [{ basic: [] }, { bearer: [] }],
    paths: {
      [`${PULP_API_PREFIX}docs/api.json/`]: {
        get: {
          tags: ["docs"],
          summary: "This document (no credentials needed)",
          operationId: "docs_get_api_json",
          security: [],
          responses: {
            "200": {
              description: "The OpenAPI document",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
      ...paths,
    },
  };
}
