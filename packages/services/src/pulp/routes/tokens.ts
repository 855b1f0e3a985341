import { z } from "zod";
import { refused } from "../../errors.ts";
import { pageSchema } from "../../schemas.ts";
import { teamChosenOverRest } from "../../services/access.ts";
import {
  getMyApiToken,
  createMyApiToken,
  listMyApiTokens,
  revokeMyApiToken,
} from "../../services/api-tokens.ts";
import { createContentToken, listContentTokens, revokeContentToken } from "../../services/content-tokens.ts";
import { examples, pageExample } from "../examples.ts";
import {
  json,
  paginateAll,
  parseQuery,
  readJson,
  withPulpErrors,
  type Operation,
  type PulpApiDeps,
} from "../http.ts";
import {
  apiTokenSchema,
  contentTokenSchema,
  createdApiTokenSchema,
  createdContentTokenSchema,
  hrefs,
  pageOf,
  serializeApiToken,
  serializeContentToken,
} from "../resources.ts";

const TOKEN_FIELDS = { name: "name", expires_at: "expiresAt" } as const;

/** A token body (`{name, expires_at}`) as the services' input. */
function tokenInput(body: Record<string, unknown>) {
  return { name: body.name, expiresAt: body.expires_at };
}

const tokenBody = z.object({
  name: z.string().describe("1-100 characters"),
  expires_at: z
    .string()
    .nullable()
    .optional()
    .describe("A date or ISO 8601 time in the future; omitted: never"),
});

const listQuery = [
  { name: "name", description: "Only tokens with this name" },
  { name: "limit", description: "Page size (1-1000, default 100)" },
  { name: "offset", description: "Items to skip" },
];

/** Content tokens (for private distributions) and the caller's personal API tokens. */
export function tokenRoutes(deps: PulpApiDeps): Operation[] {
  const { db } = deps;
  const contentToken = {
    description: "The access token",
    schema: contentTokenSchema,
    example: examples.contentToken,
  };
  const apiToken = { description: "The API token", schema: apiTokenSchema, example: examples.apiToken };
  const revoke = "Revoke it (idempotent): refused from then on. The row stays, with `revoked_at`.";
  const findContentToken = async (actor: Parameters<typeof listContentTokens>[1], id: string) => {
    const token = (await listContentTokens(db, actor)).find((row) => row.id === id);
    if (!token) throw refused(404, "Access token not found.");
    return token;
  };
  return [
    {
      method: "GET",
      path: "tokens/",
      doc: {
        tag: "tokens",
        summary: "List the access tokens of the caller's teams (never their secrets)",
        query: [{ name: "team", description: "Only this team's (slug or id)" }, ...listQuery],
        responses: {
          "200": {
            description: "A page of access tokens",
            schema: pageOf(contentTokenSchema),
            example: pageExample(examples.contentToken),
          },
        },
      },
      async handle({ url, actor }) {
        const query = parseQuery(url, pageSchema.extend({ team: z.string().optional() }));
        const rows = (await listContentTokens(db, actor)).filter(
          (row) =>
            (query.name === undefined || row.name === query.name) &&
            (query.team === undefined || row.teamSlug === query.team || row.teamId === query.team),
        );
        return paginateAll(url, query, rows.map(serializeContentToken));
      },
    },
    {
      method: "POST",
      path: "tokens/",
      doc: {
        tag: "tokens",
        summary:
          "Create an access token for a team's private distributions; the secret is in this answer only",
        description:
          "`team` (a slug or id) picks the team; required when the caller may change more than one (400 on `team`).",
        body: {
          schema: tokenBody.extend({ team: z.string().optional() }),
          example: { name: "ci-runners", expires_at: "2027-01-01", team: "research" },
        },
        responses: {
          "201": {
            description: "Created: `token` is the secret",
            schema: createdContentTokenSchema,
            example: { ...examples.contentToken, token: "hc_…" },
          },
        },
      },
      async handle({ request, actor }) {
        const body = await readJson(request);
        const { token, view } = await withPulpErrors(TOKEN_FIELDS, async () =>
          createContentToken(db, actor, tokenInput(body), await teamChosenOverRest(db, actor, body.team)),
        );
        return json(201, { ...serializeContentToken(view), token }, { location: hrefs.token(view.id) });
      },
    },
    {
      method: "GET",
      path: "tokens/{id}/",
      doc: {
        tag: "tokens",
        summary: "Show an access token (never its secret)",
        responses: { "200": contentToken },
      },
      async handle({ actor, params }) {
        return json(200, serializeContentToken(await findContentToken(actor, params.id ?? "")));
      },
    },
    {
      method: "POST",
      path: "tokens/{id}/revoke/",
      doc: {
        tag: "tokens",
        summary: "Revoke an access token (admins and owners)",
        description: `${revoke} The content server refuses it within seconds.`,
        responses: { "200": { ...contentToken, description: "Revoked" } },
      },
      async handle({ actor, params }) {
        return json(200, serializeContentToken(await revokeContentToken(db, actor, params.id ?? "")));
      },
    },
    {
      method: "GET",
      path: "api-tokens/",
      doc: {
        tag: "api-tokens",
        summary: "List the caller's personal API tokens, with their last use",
        query: listQuery,
        responses: {
          "200": {
            description: "A page of API tokens",
            schema: pageOf(apiTokenSchema),
            example: pageExample(examples.apiToken),
          },
        },
      },
      async handle({ url, actor }) {
        const query = parseQuery(url, pageSchema);
        const rows = (await listMyApiTokens(db, actor)).filter(
          (row) => query.name === undefined || row.name === query.name,
        );
        return paginateAll(url, query, rows.map(serializeApiToken));
      },
    },
    {
      method: "POST",
      path: "api-tokens/",
      doc: {
        tag: "api-tokens",
        summary: "Create a personal API token: it acts as the caller; the secret is in this answer only",
        body: { schema: tokenBody, example: { name: "laptop", expires_at: null } },
        responses: {
          "201": {
            description: "Created: `token` is the secret (`Authorization: Bearer`)",
            schema: createdApiTokenSchema,
            example: { ...examples.apiToken, token: "hcapi_…" },
          },
        },
      },
      async handle({ request, actor }) {
        const body = await readJson(request);
        const { token, view } = await withPulpErrors(TOKEN_FIELDS, () =>
          createMyApiToken(db, actor, tokenInput(body)),
        );
        return json(201, { ...serializeApiToken(view), token }, { location: hrefs.apiToken(view.id) });
      },
    },
    {
      method: "GET",
      path: "api-tokens/{id}/",
      doc: {
        tag: "api-tokens",
        summary: "Show one of the caller's API tokens",
        responses: { "200": apiToken },
      },
      async handle({ actor, params }) {
        return json(200, serializeApiToken(await getMyApiToken(db, actor, params.id ?? "")));
      },
    },
    {
      method: "POST",
      path: "api-tokens/{id}/revoke/",
      doc: {
        tag: "api-tokens",
        summary: "Revoke one of the caller's API tokens",
        description: revoke,
        responses: { "200": { ...apiToken, description: "Revoked" } },
      },
      async handle({ actor, params }) {
        return json(200, serializeApiToken(await revokeMyApiToken(db, actor, params.id ?? "")));
      },
    },
  ];
}
