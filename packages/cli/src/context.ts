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

const isHref = (ref: string) => ref.includes("/");

/** An object named by its name (or slug), its href or its id → its id. */
async function byName(
  kind: string,
  ref: string,
  list: () => Promise<Array<{ pulp_href: string; name: string; slug?: string }>>,
): Promise<string> {
  if (isHref(ref)) return idFromHref(ref);
  const items = await list();
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

const ALL = { limit: 1000 } as const;

export async function teamId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName(
    "team",
    ref,
    async () => (await ok(client.GET("/pulp/api/v3/teams/", { params: { query: ALL } }))).results,
  );
}

export async function remoteId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName(
    "remote",
    ref,
    async () =>
      (await ok(client.GET("/pulp/api/v3/remotes/hugging_face/hugging-face/", { params: { query: ALL } })))
        .results,
  );
}

export async function distributionId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName(
    "distribution",
    ref,
    async () =>
      (
        await ok(
          client.GET("/pulp/api/v3/distributions/hugging_face/hugging-face/", { params: { query: ALL } }),
        )
      ).results,
  );
}

export async function tokenId(ctx: Context, ref: string): Promise<string> {
  const client = await ctx.client();
  return byName(
    "access token",
    ref,
    async () => (await ok(client.GET("/pulp/api/v3/tokens/", { params: { query: ALL } }))).results,
  );
}

export const taskId = (ref: string) => idFromHref(ref);
