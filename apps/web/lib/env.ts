import { parseRemoteUrlAllowlist } from "@hubcache/services/remote-url";
import { z } from "zod";
import { TrustedProxies } from "../server/auth/client-address.ts";

/**
 * The web app's configuration: every environment variable it uses, validated once at start-up. Nothing
 * else in apps/web reads `process.env` (instrumentation.ts only asks Next.js which runtime it is in).
 * Empty values count as unset, as they always have.
 */

type Env = Record<string, string | undefined>;

/** An optional variable: "" is the same as unset. */
const optional = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

/** Runs a parser that throws a readable Error (the allowlist, the proxies) as a zod transform. */
function parsedWith<T>(parse: (raw: string | undefined) => T) {
  return optional.transform((raw, ctx): T => {
    try {
      return parse(raw);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
}

const port = (fallback: string) =>
  optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number")
      .default(fallback),
  );

/** WEB_PUBLIC_URL: an http(s) URL, kept as its origin. */
const publicUrlSchema = optional.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    ctx.addIssue({ code: "custom", message: `WEB_PUBLIC_URL is not a URL: ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: `WEB_PUBLIC_URL must be http(s): ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  return url.origin;
});

const schema = z.object({
  /** Where npm ran: relative paths (the SQLite file, the key file) are resolved from it. */
  INIT_CWD: optional,
  DATABASE_URL: optional.pipe(z.string().default("file:./data/hubcache.db")),
  CONTENT_PORT: port("8080"),
  /** Where clients reach the content server (shown in snippets); default http://localhost:${CONTENT_PORT}. */
  CONTENT_PUBLIC_URL: optional,
  /**
   * Origins team admins and owners may point remotes at (comma-separated; `*` for a host label or the
   * port; default https://huggingface.co). The instance admin may set any URL. A bad entry stops start-up.
   */
  REMOTE_URL_ALLOWLIST: parsedWith(parseRemoteUrlAllowlist),
  /**
   * The operator's Hub (the bootstrapped remote's URL): the content server trusts its origin as it trusts
   * the allowlist, and so does the console's "test connection".
   */
  HUB_URL: optional.pipe(z.url({ protocol: /^https?$/ }).default("https://huggingface.co")),
  WEB_PORT: port("3000"),
  /** Where users reach the console; default http://localhost:${WEB_PORT}; https turns on Secure cookies. */
  WEB_PUBLIC_URL: publicUrlSchema,
  /** Signs session cookies; default: derived from HUBCACHE_SECRET or the data folder's secret.key. */
  BETTER_AUTH_SECRET: optional,
  /** Seals HF tokens (and derives the session secret); default: the data folder's secret.key. */
  HUBCACHE_SECRET: optional,
  /** Peers whose X-Forwarded-For is believed: IP addresses and CIDR ranges, comma-separated. */
  TRUSTED_PROXIES: parsedWith((raw) => TrustedProxies.parse(raw).entries),
  /** Sign-in attempts per client and minute (default 5). */
  SIGN_IN_ATTEMPTS_PER_MINUTE: optional.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1 && value <= 1000) return value;
    ctx.addIssue({
      code: "custom",
      message: `SIGN_IN_ATTEMPTS_PER_MINUTE must be an integer from 1 to 1000, got ${JSON.stringify(raw)}`,
    });
    return z.NEVER;
  }),
  /** The first admin's password (first start only); unset: a random one, printed once. */
  ADMIN_PASSWORD: optional,
  /** pino's level for the console's logs. */
  LOG_LEVEL: optional.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  /** Set by `next build` while it prerenders pages. */
  NEXT_PHASE: optional,
});

export interface WebEnv {
  /** Base for relative paths: where npm ran, else the working directory. */
  baseDir: string;
  databaseUrl: string;
  /** Where clients reach the content server (shown in snippets). */
  contentUrl: string;
  remoteUrlAllowlist: readonly string[];
  /** HUB_URL: the operator's Hub, trusted like the allowlist. */
  hubUrl: string;
  /** The console's public origin (WEB_PUBLIC_URL, default http://localhost:${WEB_PORT}). */
  publicUrl: string;
  webPort: string;
  betterAuthSecret: string | undefined;
  hubcacheSecret: string | undefined;
  trustedProxies: readonly string[];
  signInAttemptsPerMinute: number | undefined;
  adminPassword: string | undefined;
  logLevel: string;
  /** True while `next build` runs (nothing is started then). */
  building: boolean;
}

/** Parses an environment; throws one Error naming every bad variable. */
export function parseWebEnv(env: Env): WebEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      // The allowlist's and the proxies' own messages already name their variable.
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const baseDir = e.INIT_CWD ?? process.cwd();
  return {
    baseDir,
    databaseUrl: e.DATABASE_URL,
    contentUrl: e.CONTENT_PUBLIC_URL ?? `http://localhost:${e.CONTENT_PORT}`,
    remoteUrlAllowlist: e.REMOTE_URL_ALLOWLIST,
    hubUrl: e.HUB_URL,
    publicUrl: e.WEB_PUBLIC_URL ?? `http://localhost:${e.WEB_PORT}`,
    webPort: e.WEB_PORT,
    betterAuthSecret: e.BETTER_AUTH_SECRET,
    hubcacheSecret: e.HUBCACHE_SECRET,
    trustedProxies: e.TRUSTED_PROXIES,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    adminPassword: e.ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    building: e.NEXT_PHASE === "phase-production-build",
  };
}

/** The web app's configuration, read once. */
export const webEnv: WebEnv = parseWebEnv(process.env);
