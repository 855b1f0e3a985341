import { describe, expect, it } from "vitest";
import { canonicalQuery, isTruthy } from "./params.ts";

describe("client parameter spellings", () => {
  it("reads every boolean spelling the clients send", () => {
    for (const value of ["true", "True", "TRUE", "1", "yes"]) expect(isTruthy(value)).toBe(true);
    for (const value of ["false", "False", "0", "", null, undefined, "maybe"])
      expect(isTruthy(value)).toBe(false);
  });

  it("caches one question under one key, whoever asked", () => {
    const python0 = canonicalQuery("?recursive=False&expand=True");
    const python1 = canonicalQuery("recursive=false&expand=true");
    const hubJs = canonicalQuery("expand=true&recursive=false");
    expect(python0).toBe("?expand=true&recursive=false");
    expect(python1).toBe(python0);
    expect(hubJs).toBe(python0);
    expect(canonicalQuery("?blobs=True")).toBe("?blobs=true");
  });

  it("leaves values that are not booleans alone", () => {
    expect(canonicalQuery("?expand=siblings&expand=sha&search=True")).toBe(
      "?expand=siblings&expand=sha&search=True",
    );
    expect(canonicalQuery("")).toBe("");
  });
});
