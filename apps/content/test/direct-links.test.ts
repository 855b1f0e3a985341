import { expect, test } from "bun:test";
import { DirectLinks } from "../src/direct-links.ts";

const target = { digest: "ab".repeat(32), fileName: "model-00001-of-00002.safetensors" };

test("a link points at the host the client asked, on the direct port, and names the blob and the file", () => {
  const links = new DirectLinks(null, 8081, 0);
  const link = new URL(links.linkFor("http://cache.internal:8080/huggingface/org/m/resolve/main/x", target));
  expect(link.origin).toBe("http://cache.internal:8081");
  expect(link.pathname).toBe(`/blobs/${target.digest}/${target.fileName}`);
  expect(links.check(link)).toEqual(target);

  const v6 = new URL(links.linkFor("http://[::1]:8080/huggingface/x", target));
  expect(v6.origin).toBe("http://[::1]:8081");
});

test("DIRECT_URL replaces the origin (a proxy or TLS in front of the direct port); the link still checks", () => {
  const links = new DirectLinks("https://blobs.example.org/cache", 8081, 0);
  const link = new URL(
    links.linkFor("http://10.0.0.5:8080/huggingface/x", { ...target, fileName: "a b é.bin" }),
  );
  expect(link.href.startsWith("https://blobs.example.org/cache/blobs/")).toBe(true);
  expect(links.check(link)).toEqual({ ...target, fileName: "a b é.bin" });
});

test("a link expires after five minutes; one signed by another process (or before a restart) is invalid", () => {
  let now = Date.parse("2026-11-29T12:00:00Z");
  const links = new DirectLinks(null, 8081, 0, () => now);
  const link = new URL(links.linkFor("http://h:8080/x", target));
  now += 299_000;
  expect(links.check(link)).toEqual(target);
  now += 2_000;
  expect(links.check(link)).toBe("expired");
  expect(new DirectLinks(null, 8081, 0, () => now).check(link)).toBe("invalid");
});
