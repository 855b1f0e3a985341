// Writes docs/hub-routes.md from the route table: `npm run routes:doc -w @hubcache/core`.
import { writeFileSync } from "node:fs";
import { renderHubRoutesMarkdown } from "../src/hub/route-table.ts";

const target = new URL("../../../docs/hub-routes.md", import.meta.url);
writeFileSync(target, renderHubRoutesMarkdown());
console.log(`wrote ${target.pathname}`);
