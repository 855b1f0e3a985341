import { createHash } from "node:crypto";
import { normalizeEtag } from "../cache/digest.ts";

/** RFC 5987 `attr-char`s pass as they are; every other byte of the UTF-8 name is percent-encoded. */
function encodeExtValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` naming a file by its own name (the last segment of its path), as the Hub does:
 * `inline; filename*=UTF-8''<encoded>; filename="<ASCII fallback>"` (RFC 6266). Without it, Bun names a
 * file served from disk after its digest.
 */
export function contentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename*=UTF-8''${encodeExtValue(name)}; filename="${fallback}"`;
}

/** The git-lfs pointer git stores for an LFS file: what `raw/` serves in its place. */
export function lfsPointer(linkedEtag: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${normalizeEtag(linkedEtag)}\nsize ${size}\n`;
}

/** Git blob sha1 of some bytes: a git object's id, and the Hub's ETag for what `raw/` serves. */
export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
