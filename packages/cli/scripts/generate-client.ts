import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { GENERATED_FILE, generateClientTypes } from "./openapi-types.ts";

await writeFile(GENERATED_FILE, await generateClientTypes());
console.log(`wrote ${fileURLToPath(GENERATED_FILE)}`);
