import { createHmac, timingSafeEqual } from "node:crypto";
import type { Repo } from "./repo.ts";

export interface TokenGrant {
  user: string;
  /** `"type:repo"` patterns (`*` matches anything, e.g. `"model:org/*"`) or `"*"`; absent = every repo. */
  canAccess?: string[];
}

export type Caller =
  { kind: "anonymous" } | { kind: "invalid" } | { kind: "user"; token: string; grant: TokenGrant };

/** Reads `Authorization: Bearer <token>`. Without a token table every caller is anonymous. */
export function identify(
  authorization: string | undefined,
  tokens: Record<string, TokenGrant> | undefined,
): Caller {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1] || !tokens) return { kind: "anonymous" };
  const grant = Object.hasOwn(tokens, match[1]) ? tokens[match[1]] : undefined;
  return grant ? { kind: "user", token: match[1], grant } : { kind: "invalid" };
}

const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

/** Whether the caller may see a private repo / download from a gated one. Owners always can. */
export function canAccess(caller: Caller, repo: Repo): boolean {
  if (caller.kind !== "user") return false;
  if (repo.author === caller.grant.user) return true;
  const patterns = caller.grant.canAccess ?? ["*"];
  return patterns.some((p) => p === "*" || globToRegExp(p).test(`${repo.type}:${repo.id}`));
}

/** Signs and checks the expiring CDN URLs handed out in LFS redirects. */
export class UrlSigner {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  sign(sha256: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `expires=${expires}&sig=${this.mac(sha256, expires)}`;
  }

  verify(sha256: string, query: URLSearchParams, now = Date.now()): "ok" | "expired" | "bad" {
    const expires = Number(query.get("expires"));
    const sig = query.get("sig") ?? "";
    const expected = this.mac(sha256, expires);
    if (!Number.isFinite(expires) || sig.length !== expected.length) return "bad";
    if (!timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return "bad";
    return expires * 1000 < now ? "expired" : "ok";
  }

  private mac(sha256: string, expires: number): string {
    return createHmac("sha256", this.secret).update(`${sha256}:${expires}`).digest("hex");
  }
}
