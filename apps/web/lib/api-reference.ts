import { z } from "zod";

/**
 * The REST API's OpenAPI document (`openApiDocument()` in @hubcache/services) as the console's API reference
 * shows it: operations grouped by tag in the route table's order, each with its parameters, its request
 * body and its responses; schemas as nested field lists (`$ref`s resolved), examples as formatted JSON.
 */

export type JsonSchema = Record<string, unknown>;

const jsonSchema = z.record(z.string(), z.unknown());
const media = z.object({ schema: jsonSchema.optional(), example: z.unknown().optional() });
const content = z.record(z.string(), media);
const parameter = z.object({
  name: z.string(),
  in: z.string(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  schema: jsonSchema.optional(),
});
const operation = z.object({
  tags: z.array(z.string()).min(1),
  summary: z.string(),
  description: z.string().optional(),
  operationId: z.string(),
  parameters: z.array(parameter).optional(),
  requestBody: z.object({ content }).optional(),
  responses: z.record(z.string(), z.object({ description: z.string(), content: content.optional() })),
  /** `[]`: no credentials needed. */
  security: z.array(z.unknown()).optional(),
});

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const pathItem = z.object({
  parameters: z.array(parameter).optional(),
  get: operation.optional(),
  post: operation.optional(),
  put: operation.optional(),
  patch: operation.optional(),
  delete: operation.optional(),
});
const openApi = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  components: z.object({ schemas: z.record(z.string(), jsonSchema).optional() }).optional(),
  paths: z.record(z.string(), pathItem),
});

/** One field of a schema, with the fields inside it (an object's properties, an array's items'). */
export interface SchemaField {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  /** Length, range, pattern and default, in words. */
  constraints: string[];
  fields: SchemaField[];
}

/** A request or response body. */
export interface BodyView {
  contentType: string;
  /** What the body is at the top ("object", "array of object"). */
  type: string;
  fields: SchemaField[];
  /** The schema with its `$ref`s resolved, for those who want it whole. */
  schema: JsonSchema;
  /** The example, formatted (two-space indent). */
  example?: string;
}

export interface ParameterView {
  name: string;
  in: "path" | "query";
  type: string;
  required: boolean;
  description?: string;
}

export interface ResponseView {
  status: string;
  description: string;
  body?: BodyView;
}

export interface OperationView {
  /** The element id of the operation (its operationId). */
  anchor: string;
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  /** No credentials needed. */
  anonymous: boolean;
  pathParameters: ParameterView[];
  queryParameters: ParameterView[];
  requestBody?: BodyView;
  responses: ResponseView[];
}

export interface TagView {
  name: string;
  anchor: string;
  operations: OperationView[];
}

export interface ApiReference {
  title: string;
  version: string;
  description?: string;
  openapi: string;
  tags: TagView[];
}

/** Deeper than this, a schema is shown by its type only (nothing in the document nests this far). */
const MAX_DEPTH = 6;
/** zod's integers come with ±(2^53 − 1) as bounds: no news to a reader. */
const SAFE = Number.MAX_SAFE_INTEGER;

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const schemaList = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.filter(isSchema) : []);

class SchemaReader {
  constructor(private readonly components: Record<string, JsonSchema>) {}

  /** A `$ref` to `#/components/schemas/…` replaced by what it names (once: they do not nest). */
  resolve(schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    if (typeof ref !== "string") return schema;
    const name = ref.replace(/^#\/components\/schemas\//, "");
    const target = this.components[name];
    if (!target) throw new Error(`The OpenAPI document refers to a missing schema: ${ref}`);
    return target;
  }

  /** Every `$ref` replaced, at any depth. */
  inline(value: unknown, depth = 0): unknown {
    if (Array.isArray(value)) return value.map((item) => this.inline(item, depth));
    if (!isSchema(value) || depth > MAX_DEPTH * 4) return value;
    const resolved = this.resolve(value);
    return Object.fromEntries(
      Object.entries(resolved).map(([key, item]) => [key, this.inline(item, depth + 1)]),
    );
  }

  type(raw: JsonSchema, depth = 0): string {
    const schema = this.resolve(raw);
    if ("const" in schema) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
    const options = [...schemaList(schema.anyOf), ...schemaList(schema.oneOf)];
    if (options.length > 0) return options.map((option) => this.type(option, depth + 1)).join(" | ");
    const types = Array.isArray(schema.type)
      ? schema.type.map(String)
      : typeof schema.type === "string"
        ? [schema.type]
        : [];
    if (types.length === 0) return isSchema(schema.properties) ? "object" : "any";
    return types
      .map((type) => {
        if (type === "array" && isSchema(schema.items) && depth < MAX_DEPTH) {
          return `array of ${this.type(schema.items, depth + 1)}`;
        }
        if (type === "object" && !isSchema(schema.properties) && isSchema(schema.additionalProperties)) {
          return `map of ${this.type(schema.additionalProperties, depth + 1)}`;
        }
        if (type === "string" && typeof schema.format === "string") return `string (${schema.format})`;
        return type;
      })
      .join(" | ");
  }

  constraints(raw: JsonSchema): string[] {
    const schema = this.resolve(raw);
    const said: string[] = [];
    const number = (key: string) => {
      const value = schema[key];
      return typeof value === "number" && Math.abs(value) < SAFE ? value : undefined;
    };
    const [minLength, maxLength] = [number("minLength"), number("maxLength")];
    if (minLength !== undefined && maxLength !== undefined) said.push(`${minLength}–${maxLength} characters`);
    else if (minLength !== undefined) said.push(`at least ${minLength} characters`);
    else if (maxLength !== undefined) said.push(`at most ${maxLength} characters`);
    const [minimum, maximum] = [number("minimum"), number("maximum")];
    if (minimum !== undefined && maximum !== undefined) said.push(`${minimum}–${maximum}`);
    else if (minimum !== undefined) said.push(`≥ ${minimum}`);
    else if (maximum !== undefined) said.push(`≤ ${maximum}`);
    if (typeof schema.pattern === "string") said.push(`pattern ${schema.pattern}`);
    if ("default" in schema) said.push(`default ${JSON.stringify(schema.default)}`);
    return said;
  }

  /** The object whose properties a schema's fields are: itself, its items', or one of its options'. */
  private objectOf(raw: JsonSchema, depth: number): JsonSchema | undefined {
    const schema = this.resolve(raw);
    if (depth > MAX_DEPTH) return undefined;
    if (isSchema(schema.properties)) return schema;
    if (isSchema(schema.items)) return this.objectOf(schema.items, depth + 1);
    if (isSchema(schema.additionalProperties)) return this.objectOf(schema.additionalProperties, depth + 1);
    for (const option of [...schemaList(schema.anyOf), ...schemaList(schema.oneOf)]) {
      const found = this.objectOf(option, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  fields(raw: JsonSchema, depth = 0): SchemaField[] {
    const object = this.objectOf(raw, depth);
    if (!object || !isSchema(object.properties)) return [];
    const required = new Set(Array.isArray(object.required) ? object.required.map(String) : []);
    return Object.entries(object.properties)
      .filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]))
      .map(([name, property]) => {
        const resolved = this.resolve(property);
        return {
          name,
          type: this.type(property),
          required: required.has(name),
          ...(typeof resolved.description === "string" ? { description: resolved.description } : {}),
          constraints: this.constraints(property),
          fields: depth < MAX_DEPTH ? this.fields(property, depth + 1) : [],
        };
      });
  }

  body(bodyContent: z.infer<typeof content> | undefined): BodyView | undefined {
    const [contentType, media] = Object.entries(bodyContent ?? {})[0] ?? [];
    if (!contentType || !media?.schema) return undefined;
    return {
      contentType,
      type: this.type(media.schema),
      fields: this.fields(media.schema),
      schema: this.inline(media.schema) as JsonSchema,
      ...(media.example === undefined ? {} : { example: JSON.stringify(media.example, null, 2) }),
    };
  }
}

function parameterView(reader: SchemaReader, raw: z.infer<typeof parameter>): ParameterView {
  return {
    name: raw.name,
    in: raw.in === "path" ? "path" : "query",
    type: raw.schema ? reader.type(raw.schema) : "string",
    required: raw.required ?? raw.in === "path",
    ...(raw.description ? { description: raw.description } : {}),
  };
}

/** The document as the reference page shows it; throws when it is not the OpenAPI shape expected. */
export function buildApiReference(document: unknown): ApiReference {
  const doc = openApi.parse(document);
  const reader = new SchemaReader(doc.components?.schemas ?? {});
  const tags = new Map<string, TagView>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = item.parameters ?? [];
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const parameters = [...shared, ...(raw.parameters ?? [])].map((p) => parameterView(reader, p));
      const name = raw.tags[0] ?? "other";
      const tag = tags.get(name) ?? { name, anchor: `tag-${name}`, operations: [] };
      tags.set(name, tag);
      const requestBody = reader.body(raw.requestBody?.content);
      tag.operations.push({
        anchor: raw.operationId,
        method,
        path,
        summary: raw.summary,
        ...(raw.description ? { description: raw.description } : {}),
        anonymous: raw.security !== undefined && raw.security.length === 0,
        pathParameters: parameters.filter((p) => p.in === "path"),
        queryParameters: parameters.filter((p) => p.in === "query"),
        ...(requestBody ? { requestBody } : {}),
        responses: Object.entries(raw.responses).map(([status, response]) => {
          const body = reader.body(response.content);
          return { status, description: response.description, ...(body ? { body } : {}) };
        }),
      });
    }
  }
  return {
    title: doc.info.title,
    version: doc.info.version,
    ...(doc.info.description ? { description: doc.info.description } : {}),
    openapi: doc.openapi,
    tags: [...tags.values()],
  };
}

/** Text with `code` spans (as the document's descriptions write them) as alternating parts. */
export function codeSpans(text: string): Array<{ code: boolean; text: string }> {
  return text
    .split("`")
    .map((part, index) => ({ code: index % 2 === 1, text: part }))
    .filter((part) => part.text !== "");
}
