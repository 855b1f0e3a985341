import { z } from "zod";
import { AppError, refused } from "../errors.ts";
import { fieldErrorsOf } from "../field-errors.ts";
import type { Db, SecretBox } from "@hubcache/db";
import type { Actor } from "../services/access.ts";
import { toPulpErrors } from "./fields.ts";

export const PULP_API_PREFIX = "/pulp/api/v3/";

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw refused(400, "JSON parse error: send a JSON object with Content-Type: application/json.");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw refused(400, "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

export function pageLinks(url: URL, count: number, limit: number, offset: number) {
  const at = (newOffset: number) => {
    const next = new URL(url);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("offset", String(newOffset));
    return next.toString();
  };
  return {
    next: offset + limit < count ? at(offset + limit) : null,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
  };
}

/** `{count, next, previous, results}` for one page. */
export function paginated<T>(url: URL, page: { limit: number; offset: number }, count: number, results: T[]) {
  return json(200, { count, ...pageLinks(url, count, page.limit, page.offset), results });
}

/** A page of a list that the service returns whole (`limit`, `offset` applied here). */
export function paginateAll<T>(url: URL, page: { limit: number; offset: number }, all: T[]) {
  return paginated(url, page, all.length, all.slice(page.offset, page.offset + page.limit));
}

/** The query string parsed with a schema; bad values are a 400 with a message per parameter. */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (result.success) return result.data;
  throw refused(400, "Invalid query parameters.", fieldErrorsOf(result.error));
}

/** Runs a service call and renames its field errors to the Pulp names the client used. */
export async function withPulpErrors<T>(fields: Record<string, string>, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError && Object.keys(error.fields).length > 0) {
      throw refused(error.status, error.message, toPulpErrors(error.fields, fields));
    }
    throw error;
  }
}

export const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** What a route handler is given. */
export interface RouteContext {
  request: Request;
  url: URL;
  actor: Actor;
  /** Path parameters, decoded (`{id}` → params.id). */
  params: Record<string, string>;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One documented response of an operation. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType | { $ref: string };
  example?: unknown;
}

/** What the OpenAPI document says about an operation. */
export interface OperationDoc {
  tag: string;
  summary: string;
  description?: string;
  query?: Array<{ name: string; description: string; required?: boolean; schema?: Record<string, unknown> }>;
  body?: { schema: Record<string, unknown> | z.ZodType; example: unknown };
  responses: Record<string, ResponseDoc>;
}

/** One route: a method on a path below the prefix (`teams/{id}/`), its handler and its documentation. */
export interface Operation {
  method: HttpMethod;
  path: string;
  doc: OperationDoc;
  /** Anonymous callers may use it (the OpenAPI document only). */
  anonymous?: true;
  handle(ctx: RouteContext): Promise<Response>;
}

/** `teams/{id}/members/` → a matcher of `teams/abc/members/` giving `{ id: "abc" }`. */
export function compilePath(path: string): (rest: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = path
    .split(/(\{[a-z_]+\})/)
    .map((part) => {
      const name = /^\{([a-z_]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    })
    .join("");
  const pattern = new RegExp(`^${source}$`);
  return (rest) => {
    const match = pattern.exec(rest);
    if (!match) return null;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? "");
    });
    return params;
  };
}

export interface PulpApiDeps {
  db: Db;
  secrets: SecretBox;
  /** REMOTE_URL_ALLOWLIST: where team admins and owners may point remotes (the instance admin: anywhere). */
  urlAllowlist: readonly string[];
  /** The caller from Basic auth, a bearer API token or a session; null when none is valid. */
  authenticate(request: Request): Promise<Actor | null>;
  /** The content server's public URL, for each distribution's `base_url` and the status. */
  contentUrl: string;
  /** The sign-in library's password hash, for users created over the API. */
  hashPassword(password: string): Promise<string>;
  /** Whether a content server answers its health check; default: GET `{contentUrl}/healthz`, 2 s. */
  probeContentServer?(url: string): Promise<boolean>;
}

/**
 * A service's output schema as the REST API sends it: dates become ISO 8601 strings (JSON has no dates),
 * so the console's schemas (tRPC keeps dates) also describe the wire in the OpenAPI document.
 */
export function onTheWire(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDate) return z.iso.datetime();
  if (schema instanceof z.ZodNullable) return onTheWire(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodOptional) return onTheWire(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodArray) return z.array(onTheWire(schema.element as z.ZodType));
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape)) shape[key] = onTheWire(value as z.ZodType);
    return z.object(shape);
  }
  return schema;
}
