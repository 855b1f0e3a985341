/**
 * Warm answers replayed from memory. Building an answer through the app (a `Request`, the route, the
 * distribution and its token, the cache's look-ups, a `Response` and its headers) costs ~4× what
 * node:http itself spends on a small answer, so a warm small file or API answer the app marked
 * replayable (`markReplayable`) is kept, head and bytes, for a short time (`REPLAY_TTL_MS`, 1 s by
 * default) and sent again by the HTTP front to the same request, without the app. What serving it
 * records (hits, usage, metrics, the access log) is still recorded, by the app's `onReplay`.
 *
 * The same request means the same method, URL and every request header an answer depends on
 * (`replayKeyOf`); requests with a Range, a condition, a body, a `Via` or their own request id are never
 * replayed. Everything is forgotten when the configuration is re-read (a token revoked, a distribution
 * made private) and when files leave the cache (capacity.ts, purges).
 */

export interface ReplayTerms {
  /** How long the answer may be replayed, from now. */
  ttlMs: number;
  /** Records one more serving of the answer, under this request id. */
  onReplay: (requestId: string) => void;
}

export interface ReplayEntry {
  status: number;
  /** The head as node:http takes it, without `x-request-id` (each replay has its own). */
  headers: Record<string, string | string[]>;
  /** Null for a HEAD. */
  body: Uint8Array | null;
  expiresAt: number;
  onReplay: ReplayTerms["onReplay"];
}

const terms = new WeakMap<Response, ReplayTerms>();

/** Marks an answer the app built as one the front may replay to the same request (`replayKeyOf`). */
export function markReplayable(response: Response, replay: ReplayTerms): void {
  terms.set(response, replay);
}

export function replayTermsOf(response: Response): ReplayTerms | undefined {
  return terms.get(response);
}

/** Request headers that make a request one never replayed: its answer is not the same bytes for all. */
const NEVER_REPLAYED = [
  "range",
  "if-range",
  "if-none-match",
  "if-match",
  "if-modified-since",
  "if-unmodified-since",
  "content-length",
  "transfer-encoding",
  "via",
  "x-request-id",
];

/**
 * The key of a request whose answer may be replayed, or null. Every request header an answer depends on
 * is in it: `host` and the `x-forwarded-*` the public base URL is made of (app.ts `publicBase`), and
 * `authorization` (which token, hence which team, is asking). A header the app starts to read must be
 * added here or to NEVER_REPLAYED.
 */
export function replayKeyOf(
  method: string | undefined,
  url: string | undefined,
  header: (name: string) => string | string[] | undefined,
): string | null {
  if ((method !== "GET" && method !== "HEAD") || url === undefined) return null;
  for (const name of NEVER_REPLAYED) if (header(name) !== undefined) return null;
  const parts = [
    method,
    url,
    header("host"),
    header("x-forwarded-proto"),
    header("x-forwarded-host"),
    header("authorization"),
  ];
  // A repeated header arrives as a list: never replayed rather than keyed on its joined form.
  if (parts.some((part) => Array.isArray(part))) return null;
  return parts.map((part) => part ?? "").join("\n");
}

/**
 * The replayable answers, at most `maxBytes` of bodies and heads (the oldest go first), each until it
 * expires or `clear` is called.
 */
export class ReplayCache {
  private readonly entries = new Map<string, { entry: ReplayEntry; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): ReplayEntry | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    if (found.entry.expiresAt > this.now()) return found.entry;
    this.remove(key);
    return undefined;
  }

  put(
    key: string,
    status: number,
    headers: Record<string, string | string[]>,
    body: Uint8Array | null,
    replay: ReplayTerms,
  ): void {
    if (replay.ttlMs <= 0) return;
    const bytes = key.length + (body?.byteLength ?? 0) + headBytes(headers);
    if (bytes > this.maxBytes) return;
    this.remove(key);
    while (this.bytes + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
    const entry = { status, headers, body, expiresAt: this.now() + replay.ttlMs, onReplay: replay.onReplay };
    this.entries.set(key, { entry, bytes });
    this.bytes += bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string): void {
    const found = this.entries.get(key);
    if (!found) return;
    this.entries.delete(key);
    this.bytes -= found.bytes;
  }
}

function headBytes(headers: Record<string, string | string[]>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) bytes += name.length + String(value).length + 4;
  return bytes;
}
