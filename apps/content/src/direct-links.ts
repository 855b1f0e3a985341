import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a direct link may be followed (as S3_REDIRECT_TTL_S's default). */
const DIRECT_LINK_TTL_MS = 300_000;

export interface DirectLinkTarget {
  digest: string;
  /** The name the client saves the bytes under (Content-Disposition). */
  fileName: string;
}

/**
 * Signed, short-lived links to one blob on the direct port (direct-server.ts), which a cached file's GET is
 * redirected to (DIRECT_PORT). The signature covers the digest, the name and the expiry, with a key made
 * at start and never stored: a link is a capability for those bytes until it expires, like an object
 * store's presigned URL, and a restart retires every link given out.
 */
export class DirectLinks {
  private readonly key = randomBytes(32);

  constructor(
    /** Where clients reach the direct port; null: the host the client asked, at `port`. */
    private readonly publicUrl: string | null,
    private readonly port: number,
    /** Files sent whole or by a range at least this large are redirected; smaller ones are not. */
    readonly minBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The link for `target`, on the host `requestUrl` was asked at unless a public URL is set. */
  linkFor(requestUrl: string, target: DirectLinkTarget): string {
    const expires = Math.ceil((this.now() + DIRECT_LINK_TTL_MS) / 1000);
    // URL.hostname keeps an IPv6 literal's brackets.
    const base = this.publicUrl ?? `http://${new URL(requestUrl).hostname}:${this.port}`;
    const query = new URLSearchParams({ expires: String(expires), signature: this.sign(target, expires) });
    return `${base}/blobs/${target.digest}/${encodeURIComponent(target.fileName)}?${query}`;
  }

  /** What a link asks for; `invalid` for a link not signed here or altered, `expired` after its time. */
  check(url: URL): DirectLinkTarget | "invalid" | "expired" {
    const match = /\/blobs\/([0-9a-f]{64})\/([^/]+)$/.exec(url.pathname);
    const expires = Number(url.searchParams.get("expires"));
    const signature = url.searchParams.get("signature") ?? "";
    if (!match || !Number.isSafeInteger(expires) || !/^[0-9a-f]{64}$/.test(signature)) return "invalid";
    let fileName: string;
    try {
      fileName = decodeURIComponent(match[2]!);
    } catch {
      return "invalid";
    }
    const target = { digest: match[1]!, fileName };
    const expected = Buffer.from(this.sign(target, expires), "hex");
    if (!timingSafeEqual(Buffer.from(signature, "hex"), expected)) return "invalid";
    return expires * 1000 < this.now() ? "expired" : target;
  }

  private sign(target: DirectLinkTarget, expires: number): string {
    return createHmac("sha256", this.key)
      .update(`${target.digest}\n${target.fileName}\n${expires}`)
      .digest("hex");
  }
}
