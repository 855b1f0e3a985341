import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHubRoute } from "./route.ts";
import { BOOLEAN_PARAMS } from "./params.ts";
import {
  booleanParamNames,
  exposedResponseHeaders,
  HUB_ROUTES,
  renderHubRoutesMarkdown,
} from "./route-table.ts";
import { AppError } from "../errors.ts";

describe("the route table", () => {
  it("is what docs/hub-routes.md says (regenerate with `npm run routes:doc -w @hubcache/core`)", () => {
    const committed = readFileSync(new URL("../../../../docs/hub-routes.md", import.meta.url), "utf8");
    expect(committed).toBe(renderHubRoutesMarkdown());
  });

  for (const route of HUB_ROUTES) {
    it(`routes every example of "${route.name}" to ${route.kind}`, () => {
      expect(route.examples.length).toBeGreaterThan(0);
      for (const example of route.examples) {
        if (route.kind === "refused") {
          let status = 0;
          try {
            parseHubRoute(example);
          } catch (error) {
            status = error instanceof AppError ? error.status : 0;
          }
          // Writes that parse as repo calls are refused by their method instead (405).
          if (status === 0) expect(parseHubRoute(example).kind).toBe("forward");
          else expect(status).toBe(404);
        } else {
          expect({ example, kind: parseHubRoute(example).kind }).toEqual({ example, kind: route.kind });
        }
      }
    });
  }

  it("names every route kind the router knows", () => {
    const kinds = new Set(HUB_ROUTES.map((route) => route.kind));
    for (const kind of [
      "resolve",
      "raw",
      "info",
      "tree",
      "pathsInfo",
      "commits",
      "refs",
      "whoami",
      "xetToken",
      "forward",
    ]) {
      expect(kinds.has(kind as never)).toBe(true);
    }
  });

  it("marks as booleans exactly the parameters read as booleans (params.ts)", () => {
    expect(booleanParamNames()).toEqual([...BOOLEAN_PARAMS].sort());
  });

  it("exposes every header a client reads to browsers", () => {
    const exposed = exposedResponseHeaders().map((name) => name.toLowerCase());
    for (const name of [
      "x-repo-commit",
      "x-linked-etag",
      "content-range",
      "content-disposition",
      "x-total-count",
      "link",
    ]) {
      expect(exposed).toContain(name);
    }
  });
});
