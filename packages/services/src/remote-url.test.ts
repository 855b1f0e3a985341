import { describe, expect, it } from "vitest";
import { normalizeRemoteUrl, remoteUrlOrigin, remoteUrlProblem } from "./remote-url.ts";

describe("remote URL rules", () => {
  it("accepts http(s) URLs, with a path", () => {
    for (const url of ["https://huggingface.co", "http://127.0.0.1:9000/", "https://hub.test/mirror/"]) {
      expect(remoteUrlProblem(url), url).toBeNull();
    }
  });

  it("refuses other schemes, user info, queries and fragments with a message each", () => {
    expect(remoteUrlProblem("not a url")).toMatch(/Enter a URL/);
    expect(remoteUrlProblem("huggingface.co")).toMatch(/Enter a URL/);
    expect(remoteUrlProblem("https:/huggingface.co")).toMatch(/Enter a URL/);
    expect(remoteUrlProblem("ftp://huggingface.co")).toMatch(/Only http and https/);
    expect(remoteUrlProblem("file:///etc/passwd")).toMatch(/Only http and https/);
    expect(remoteUrlProblem("https://user:pw@huggingface.co")).toMatch(/user name and password/);
    expect(remoteUrlProblem("https://@huggingface.co")).toMatch(/user name and password/);
    expect(remoteUrlProblem("https://evil.test\\@huggingface.co")).toMatch(/user name and password/);
    expect(remoteUrlProblem("https://huggingface.co/?x=1")).toMatch(/query/);
    expect(remoteUrlProblem("https://huggingface.co?")).toMatch(/query/);
    expect(remoteUrlProblem("https://huggingface.co/#top")).toMatch(/fragment/);
  });

  it("normalises case, default ports and trailing slashes", () => {
    expect(normalizeRemoteUrl("HTTPS://HuggingFace.co:443//")).toBe("https://huggingface.co");
    expect(normalizeRemoteUrl("http://127.0.0.1:9000/mirror/")).toBe("http://127.0.0.1:9000/mirror");
  });

  it("tells origins apart", () => {
    expect(remoteUrlOrigin("https://huggingface.co/mirror")).toBe("https://huggingface.co");
    expect(remoteUrlOrigin("http://127.0.0.1:9000")).toBe("http://127.0.0.1:9000");
  });
});
