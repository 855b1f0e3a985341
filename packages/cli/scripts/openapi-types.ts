import { openApiDocument } from "@hubcache/services";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

export const GENERATED_FILE = new URL("../src/generated/api.ts", import.meta.url);

const HEADER = `/**
 * Generated from the REST API's OpenAPI document (packages/services/src/pulp) by openapi-typescript:
 * do not edit. Regenerate with \`npm run generate:client -w @hubcache/cli\`; test/generated.test.ts fails
 * when this file and the document drift apart.
 */

`;

/** The client's types, as openapi-typescript writes them for the current OpenAPI document. */
export async function generateClientTypes(): Promise<string> {
  // A field with a default may be omitted from a request: not required in the types either. Enums also
  // come as arrays of their values (`huggingFaceRemotePolicyValues`): the commands' choices.
  const ast = await openapiTS(openApiDocument() as unknown as OpenAPI3, {
    defaultNonNullable: false,
    enumValues: true,
  });
  return HEADER + astToString(ast);
}
