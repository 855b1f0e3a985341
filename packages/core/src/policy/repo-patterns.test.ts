import { describe, expect, it } from "vitest";
import { matchesRepoPatterns } from "./repo-patterns.ts";

const model = (id: string) => ({ type: "model" as const, id });

describe("matchesRepoPatterns", () => {
  it("allows everything without patterns", () => {
    expect(matchesRepoPatterns(model("org/x"), [], [])).toBe(true);
  });

  it("requires an include match when includes are set; * stays within a segment", () => {
    expect(matchesRepoPatterns(model("meta-llama/Llama-3"), ["meta-llama/*"], [])).toBe(true);
    expect(matchesRepoPatterns(model("mistralai/Mistral"), ["meta-llama/*"], [])).toBe(false);
    expect(matchesRepoPatterns(model("gpt2"), ["*"], [])).toBe(true);
    expect(matchesRepoPatterns(model("org/x"), ["*"], [])).toBe(false);
    expect(matchesRepoPatterns(model("org/x"), ["**"], [])).toBe(true);
  });

  it("lets excludes win, and names datasets and spaces with their prefix", () => {
    expect(matchesRepoPatterns(model("org/secret"), ["org/*"], ["org/secret"])).toBe(false);
    expect(matchesRepoPatterns({ type: "dataset", id: "org/d" }, ["datasets/org/*"], [])).toBe(true);
    expect(matchesRepoPatterns({ type: "dataset", id: "org/d" }, ["org/*"], [])).toBe(false);
  });

  it("treats regex characters literally", () => {
    expect(matchesRepoPatterns(model("orgXmodel"), ["org.model"], [])).toBe(false);
  });
});
