// The real npm undici, imported by file path: under Bun, the bare "undici" specifier resolves to Bun's own
// partial stand-in (no Agent tuning, no body.dump()).
import { Agent, request } from "undici/index.js";
import { upstreamTimeout, upstreamUnavailable } from "../hub/errors.ts";
import { BLOCKED_ADDRESS_CODE, BlockedAddressError, isPrivateAddress } from "./address-policy.ts";
import { checkedConnector, type AddressRefusal } from "./connector.ts";
import { UpstreamHealth, type UpstreamState } from "./health.ts";
import { joinUpstreamUrl } from "./url-policy.ts";
import { AppError } from "../errors.ts";

export interface UpstreamConfig {
  /** The Hub's base URL, e.g. `https://huggingface.co`. Its query and fragment, if any, are ignored. */
  hubUrl: string;
  /** The remote's own HF token; never the client's. */
  token: string | null;
  connectTimeoutMs: number;
  /** Longest silence allowed while waiting for headers or between body chunks. */
  readTimeoutMs: number;
  /**
   * May this remote connect to loopback, private, link-local (cloud metadata), unique-local or CGNAT
   * addresses? Only for remotes the operator vouched for. Default false: such connections are refused
   * after DNS resolution, also on redirects.
   */
  allowPrivateNetwork?: boolean;
  /** Sent as `Via` on every upstream request (`1.1 hubcache-<instance>`), so a loop back to us shows. */
  via?: string;
  /** Failures in a row that mark the upstream offline (default 3): requests then fail at once. */
  offlineAfterFailures?: number;
  /** While offline, how often the upstream is probed (default 5 s). */
  probeIntervalMs?: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: AsyncIterable<Uint8Array>;
  /** The URL that answered (after redirects, when followed). Never stored: it may be signed. */
  url: string;
  /** Releases the connection without reading the rest of the body. */
  discard(): Promise<void>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
  /** Follow 3xx server-side (for bytes); the default hands the 3xx back (for metadata). */
  followRedirects?: boolean;
}

/** Hooks for metrics; the client stays free of any metrics library. */
export interface UpstreamObserver {
  onResponse(method: string, status: number, seconds: number): void;
  onError(method: string, kind: "timeout" | "unreachable"): void;
  /** The upstream at `origin` was marked offline, or answered again. */
  onStateChange?(origin: string, state: UpstreamState): void;
}

const MAX_REDIRECTS = 5;
const OFFLINE_AFTER_FAILURES = 3;
const PROBE_INTERVAL_MS = 5_000;

/** Answers from an upstream that is there but failing; with network failures, they count toward offline. */
const isGatewayFailure = (status: number) => status >= 502 && status <= 504;
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** A connection the address policy refused; the client is told no more than this. */
export const upstreamAddressNotAllowed = (): AppError =>
  new AppError(502, "UpstreamAddressNotAllowed", "upstream address not allowed");

/** Maps a network-level failure to the AppError a client should see; other errors pass through. */
export function toUpstreamError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof BlockedAddressError || code === BLOCKED_ADDRESS_CODE)
    return upstreamAddressNotAllowed();
  const detail = typeof code === "string" ? code : error instanceof Error ? error.name : "network error";
  if (typeof code === "string" && TIMEOUT_CODES.has(code)) return upstreamTimeout(detail);
  if (error instanceof Error) return upstreamUnavailable(detail);
  return error;
}

/** True for an upstream that is down, timing out or failing on its side: time to fall back on the cache. */
export function isUpstreamOutage(error: unknown): boolean {
  return error instanceof AppError && error.status >= 500;
}

/** One remote's connection to its Hub: pooled keep-alive connections, timeouts, server-side redirects. */
export class UpstreamClient {
  private readonly agent: Agent;
  private readonly origin: string;
  private readonly health: UpstreamHealth;

  constructor(
    readonly config: UpstreamConfig,
    private readonly observer?: UpstreamObserver,
    /** Which addresses are refused unless `allowPrivateNetwork`; narrowed by tests only. */
    refuseAddress: AddressRefusal = isPrivateAddress,
  ) {
    this.origin = new URL(config.hubUrl).origin;
    this.agent = new Agent({
      connect: config.allowPrivateNetwork
        ? { timeout: config.connectTimeoutMs }
        : checkedConnector(config.connectTimeoutMs, refuseAddress),
      keepAliveTimeout: 30_000,
      headersTimeout: config.readTimeoutMs,
      bodyTimeout: config.readTimeoutMs,
    });
    this.health = new UpstreamHealth({
      offlineAfterFailures: config.offlineAfterFailures ?? OFFLINE_AFTER_FAILURES,
      probeIntervalMs: config.probeIntervalMs ?? PROBE_INTERVAL_MS,
      probe: () => this.probe(),
      onStateChange: (state) => observer?.onStateChange?.(this.origin, state),
    });
  }

  /** `offline` after several failures in a row: requests fail at once until a probe gets an answer. */
  get state(): UpstreamState {
    return this.health.state;
  }

  /**
   * False while the upstream is marked offline and requests to it fail at once (only the background
   * probe asks it): callers that can answer from the cache do so without building a request.
   */
  get available(): boolean {
    return this.health.allowsRequest();
  }

  /**
   * The upstream URL of a raw (percent-encoded) path below the Hub's base (`api/models/gpt2`, no leading
   * slash): its segments joined onto the base URL's path, never pasted into the URL text.
   */
  url(rawPath: string, search = ""): string {
    return joinUpstreamUrl(this.config.hubUrl, rawPath, search);
  }

  async request(method: string, url: string, options: RequestOptions = {}): Promise<UpstreamResponse> {
    let target = url;
    for (let hop = 0; ; hop++) {
      const response = await this.send(method, target, options);
      const location = response.headers.get("location");
      if (!options.followRedirects || !isRedirect(response.status) || location === null) return response;
      await response.discard();
      if (hop >= MAX_REDIRECTS)
        throw new AppError(502, "UpstreamError", "Upstream Hub redirected too many times");
      target = new URL(location, target).toString();
    }
  }

  close(): Promise<void> {
    this.health.close();
    return this.agent.close();
  }

  private async probe(): Promise<void> {
    const response = await this.send("HEAD", this.config.hubUrl, {}, true);
    await response.discard();
    if (isGatewayFailure(response.status)) throw new Error(`upstream answered ${response.status}`);
  }

  private async send(
    method: string,
    url: string,
    options: RequestOptions,
    probing = false,
  ): Promise<UpstreamResponse> {
    if (!probing && !this.health.allowsRequest()) {
      this.observer?.onError(method, "unreachable");
      throw upstreamUnavailable("marked offline after repeated failures");
    }
    const headers: Record<string, string> = { "user-agent": "hubcache/0.1", "accept-encoding": "identity" };
    if (this.config.via) headers["via"] = this.config.via;
    // The token goes to the Hub only, never to a CDN it redirects to.
    if (this.config.token && new URL(url).origin === this.origin) {
      headers["authorization"] = `Bearer ${this.config.token}`;
    }
    Object.assign(headers, options.headers);
    const started = performance.now();
    try {
      const response = await request(url, {
        method: method as "GET",
        headers,
        body: options.body ?? null,
        dispatcher: this.agent,
        // undici closes the connection after every HEAD by default (for servers that wrongly send a
        // body): on the Hub each file look-up would then cost a new TCP and TLS handshake.
        reset: false,
      });
      this.observer?.onResponse(method, response.statusCode, (performance.now() - started) / 1000);
      if (isGatewayFailure(response.statusCode)) this.health.failed();
      else this.health.succeeded();
      const body = response.body;
      return {
        status: response.statusCode,
        headers: toHeaders(response.headers),
        body: body as AsyncIterable<Uint8Array>,
        url,
        discard: async () => {
          await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        },
      };
    } catch (error) {
      const mapped = toUpstreamError(error);
      if (mapped instanceof AppError && mapped.code !== "UpstreamAddressNotAllowed") {
        this.observer?.onError(method, mapped.status === 504 ? "timeout" : "unreachable");
        this.health.failed();
      }
      throw mapped;
    }
  }
}
