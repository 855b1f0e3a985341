import { openApiDocument, PULP_API_PREFIX } from "@hubcache/services";
import { describe, expect, it } from "vitest";
import { buildApiReference, codeSpans, HTTP_METHODS, type OperationView } from "./api-reference.ts";

const document = openApiDocument();
const reference = buildApiReference(document);
const operations = reference.tags.flatMap((tag) => tag.operations);
const find = (method: string, path: string): OperationView => {
  const found = operations.find((op) => op.method === method && op.path === `${PULP_API_PREFIX}${path}`);
  if (!found) throw new Error(`no ${method} ${path}`);
  return found;
};

describe("the API reference", () => {
  it("shows every operation of the document once, grouped by tag in the route table's order", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== "parameters")
        .map((method) => `${method} ${path}`),
    );
    // Nothing is dropped: every key of a path item is a method the page knows.
    expect(documented.every((line) => HTTP_METHODS.some((method) => line.startsWith(`${method} `)))).toBe(
      true,
    );
    expect(operations.map((op) => `${op.method} ${op.path}`).sort()).toEqual(documented.sort());
    expect(reference.tags.map((tag) => tag.name).slice(0, 3)).toEqual(["docs", "remotes", "distributions"]);
    expect(reference.tags.map((tag) => tag.name)).toContain("api-tokens");
    const anchors = [...reference.tags.map((tag) => tag.anchor), ...operations.map((op) => op.anchor)];
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(anchors.every((anchor) => /^[A-Za-z0-9_-]+$/.test(anchor))).toBe(true);
  });

  it("gives an operation's body fields, example and responses", () => {
    const create = find("post", "api-tokens/");
    expect(create.summary).toMatch(/secret is in this answer only/);
    const name = create.requestBody?.fields.find((field) => field.name === "name");
    expect(name).toMatchObject({ type: "string", required: true, description: "1-100 characters" });
    expect(create.requestBody?.fields.map((field) => field.name)).toContain("expires_at");
    expect(JSON.parse(create.requestBody?.example ?? "null")).toEqual({ name: "laptop", expires_at: null });
    const statuses = create.responses.map((response) => response.status);
    expect(statuses).toEqual(["201", "400", "401", "403", "404"]);
    const created = create.responses[0];
    expect(created?.body?.example).toContain('"token": "hcapi_…"');
    expect(created?.body?.fields.find((field) => field.name === "status")?.type).toBe(
      '"active" | "expired" | "revoked"',
    );
    expect(create.responses.find((response) => response.status === "401")?.description).toBe(
      "No valid credentials",
    );
  });

  it("lists query and path parameters, and says which operation needs no credentials", () => {
    const list = find("get", "api-tokens/");
    expect(list.queryParameters.map((p) => [p.name, p.type, p.required])).toEqual([
      ["name", "string", false],
      ["limit", "integer", false],
      ["offset", "integer", false],
    ]);
    expect(list.responses[0]?.body?.type).toBe("object");
    const results = list.responses[0]?.body?.fields.find((field) => field.name === "results");
    expect(results?.type).toBe("array of object");
    expect(results?.fields.map((field) => field.name)).toContain("last_used_at");
    expect(results?.fields.find((field) => field.name === "last_used_at")?.type).toBe("string | null");

    const revoke = find("post", "api-tokens/{id}/revoke/");
    expect(revoke.pathParameters).toEqual([{ name: "id", in: "path", type: "string", required: true }]);
    expect(revoke.anonymous).toBe(false);
    expect(find("get", "docs/api.json/").anonymous).toBe(true);
  });

  it("resolves the document's $refs (the Pulp remote and distribution shapes)", () => {
    const body = find("post", "remotes/hugging_face/hugging-face/").requestBody;
    expect(body?.fields.map((field) => field.name)).toEqual(expect.arrayContaining(["name", "hf_hub_url"]));
    expect(JSON.stringify(body?.schema)).not.toContain("$ref");
    // Length limits in words; zod's ±2^53 integer bounds are left out.
    const fields = operations.flatMap((op) => op.responses.flatMap((r) => r.body?.fields ?? []));
    expect(fields.some((field) => field.constraints.some((said) => said.includes("9007199254740991")))).toBe(
      false,
    );
  });

  it("refuses what is not an OpenAPI document, and a $ref to nothing", () => {
    expect(() => buildApiReference({ paths: {} })).toThrow();
    const broken = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/x/": {
          get: {
            tags: ["x"],
            summary: "x",
            operationId: "x",
            responses: {
              "200": {
                description: "x",
                content: { "application/json": { schema: { $ref: "#/components/schemas/Nope" } } },
              },
            },
          },
        },
      },
    };
    expect(() => buildApiReference(broken)).toThrow(/missing schema/);
  });

  it("splits `code` spans out of descriptions", () => {
    expect(codeSpans("Lists answer `{count}` with `limit`.")).toEqual([
      { code: false, text: "Lists answer " },
      { code: true, text: "{count}" },
      { code: false, text: " with " },
      { code: true, text: "limit" },
      { code: false, text: "." },
    ]);
  });
});
