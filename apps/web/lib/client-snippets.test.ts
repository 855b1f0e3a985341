import { describe, expect, it } from "vitest";
import { clientSnippets } from "./client-snippets.ts";

describe("clientSnippets", () => {
  it("builds HF_ENDPOINT from the content URL and base path", () => {
    const snippets = clientSnippets("http://cache.internal:8080/", "team-a/models", true);
    expect(snippets.endpoint).toBe("http://cache.internal:8080/team-a/models");
    expect(snippets.shell).toBe("export HF_ENDPOINT=http://cache.internal:8080/team-a/models");
    expect(snippets.javascript).toContain('hubUrl: "http://cache.internal:8080/team-a/models"');
    expect(snippets.javascript).not.toContain("accessToken");
  });

  it("asks for a token on private distributions", () => {
    const snippets = clientSnippets("http://cache", "private", false);
    expect(snippets.shell).toContain("HF_TOKEN=");
    expect(snippets.javascript).toContain("accessToken");
  });
});
