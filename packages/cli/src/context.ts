import { createApiClient, ok, type ApiClient } from "./client.ts";
import { readConfig } from "./config.ts";
import { ApiFailure, UsageError } from "./errors.ts";
import { idFromHref, type Io } from "./output.ts";

/** The global options, as commander gives them. */
export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** What every command gets: where to write, how to reach the API, and whether to answer in JSON. */
export class Context {
  private clientPromise: Promise<ApiClient> | null = null;

  constructor(
    readonly io: Io,
    readonly env: NodeJS.ProcessEnv,
    /** The global options (--url, --token, --json) as given on the command line. */
    readonly globals: () => GlobalOptions,
  ) {}

  get json(): boolean {
    return Boolean(this.globals().json);
  }

  /** The URL and token: `--url`/`--token`, else HUBCACHE_URL/HUBCACHE_TOKEN, else what login stored. */
  async credentials(): Promise<{ url: string; token: string }> {
    const options = this.globals();
    const stored = await readConfig(this.env);
    const url = options.url ?? this.env.HUBCACHE_URL ?? stored.url;
    const token = options.token ?? this.env.HUBCACHE_TOKEN ?? stored.token;
    if (!url || !token) {
      throw new UsageError(
        "Not logged in: run `hubcache login --url URL --token TOKEN`, or set HUBCACHE_URL and HUBCACHE_TOKEN.",
      );
    }
    return { url: checkUrl(url), token };
  }

  client(): Promise<ApiClient> {
    this.clientPromise ??= this.credentials().then(({ url, token }) => createApiClient(url, { token }));
    return this.clientPromise;
  }

  /** Prints `data` as JSON with --json, else the human text. */
  print(data: unknown, human: () => string): void {
    this.io.out(this.json ? JSON.stringify(data, null, 2) : human());
  }
}

export function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`Not a URL: ${url}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`Use an http or https URL: ${url}`);
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, "");
}

const API_PREFIX = "/pulp/api/v3/";

/**
 * The API path of an href (`/pulp/api/v3/…`, or a full URL to one), or null for anything else: a name may
 * contain "/" and still be a name.
 */
function hrefPath(ref: string): string | null {
  if (ref.startsWith(API_PREFIX)) return ref;
  if (!/^https?:\/\//.test(ref)) return null;
  try {
    const { pathname } = new URL(ref);
    return pathname.startsWith(API_PREFIX) ? pathname : null;
  } catch {
    return null;
  }
}

/** Which page of a list to ask for. */
interface PageQuery {
  limit: number;
  offset: number;
}

/** A page of a list, as the API answers it. */
interface Page<T> {
  count: number;
  next?: string | null;
  results: T[];
}

const PAGE_SIZE = 1000;

/**
 * Every item of a paginated list: pages of PAGE_SIZE, following `next` until there is none. Answers
 * one page holding them all (`next` and `previous` null), as --json prints it.
 */
export async function allPages<T>(
  fetchPage: (query: PageQuery) => Promise<Page<T>>,
): Promise<{ count: number; next: null; previous: null; results: T[] }> {
  const results: T[] = [];
  let query: PageQuery = { limit: PAGE_SIZE, offset: 0 };
  for (;;) {
    const page = await fetchPage(query);
    results.push(...page.results);
    if (!page.next) return { count: page.count, next: null, previous: null, results };
    const next = new URL(page.next).searchParams;
    const offset = Number(next.get("offset"));
    // A `next` that does not move on would loop forever: the server's answer is wrong.
    if (!Number.isInteger(offset) || offset <= query.offset) {
      throw new ApiFailure(
        0,
        `The server's next page (${page.next}) does not follow offset ${query.offset}.`,
      );
    }
    query = { limit: Number(next.get("limit")) || PAGE_SIZE, offset };
  }
}

/** An object named by its name (or slug), its href (under `collection`) or its id → its id. */
async function byName(
  kind: string,
  ref: string,
  collection: string,
  list: (query: PageQuery) => Promise<Page<{ pulp_href: string; name: string; slug?: string }>>,
): Promise<string> {
  const path = hrefPath(ref);
  if (path !== null) {
    const id = path.startsWith(collection) ? path.slice(collection.length).replace(/\/+$/, "") : "";
    if (id === "" || id.includes("/")) {
      throw new UsageError(`${ref} is not the href of a ${kind} (${collection}ID/).`);
    }
    return id;
  }
  const items = (await allPages(list)).results;
  const named = items.filter((item) => item.name === ref || item.slug === ref);
  if (named.length === 1 && named[0]) return idFromHref(named[0].pulp_href);
  if (named.length > 1) {
    throw new UsageError(
      `More than one ${kind} is named "${ref}" (in different teams): give its href, one of\n  ${named.map((item) => item.pulp_href).join("\n  ")}`,
    );
  }
  const byId = items.find((item) => idFromHref(item.pulp_href) === ref);
  if (byId) return ref;
  throw new ApiFailure(404, `No ${kind} named "${ref}".`);
}

const TEAMS = "/pulp/api/v3/teams/";
const REMOTES = "/pulp/api/v3/remotes/hugging_face/hugging-face/";
const DISTRIBUTIONS = "/pulp/api/v3/distributions/hugging_face/hugging-face/";
const TOKENS = "/pulp/api/v3/tokens/";
const TASKS = "/pulp/api/v3/tasks/";

export async function teamId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName("team", ref, TEAMS, async (query) => ok(client.GET(TEAMS, { params: { query } })));
}

export async function remoteId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName("remote", ref, REMOTES, async (query) => ok(client.GET(REMOTES, { params: { query } })));
}

export async function distributionId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName("distribution", ref, DISTRIBUTIONS, async (query) =>
    ok(client.GET(DISTRIBUTIONS, { params: { query } })),
  );
}

export async function tokenId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName("access token", ref, TOKENS, async (query) => ok(client.GET(TOKENS, { params: { query } })));
}

/** A task's id, given its id or its href. */
export function taskId(ref: string): string {
  const path = hrefPath(ref);
  if (path === null) return ref;
  if (!path.startsWith(TASKS)) throw new UsageError(`${ref} is not the href of a task (${TASKS}ID/).`);
  return idFromHref(path);
}
