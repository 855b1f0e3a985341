import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { GENERATED_FILE, generateClientTypes } from "../scripts/openapi-types.ts";

describe("the generated client", () => {
  it("matches the REST API's OpenAPI document (npm run generate:client -w @hubcache/cli)", async () => {
    expect(await readFile(GENERATED_FILE, "utf8")).toBe(await generateClientTypes());
  });
});
