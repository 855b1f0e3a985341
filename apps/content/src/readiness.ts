import type { BlobStore } from "@hubcache/core";
import type { Logger } from "./logger.ts";

/** How long `/readyz` waits for the database and the store before calling them not ready. */
export const READY_TIMEOUT_MS = 2_000;

export interface ReadyReport {
  ready: boolean;
  /** "ok", or a short reason ("timeout", "unreachable", an errno code): nothing secret, no path. */
  checks: { database: string; store: string };
}

export interface ReadinessDeps {
  /** A cheap query (`SELECT 1`). */
  pingDatabase(): Promise<unknown>;
  store: Pick<BlobStore, "ready">;
  logger: Logger;
  timeoutMs?: number;
}

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Whether this server should get traffic (a load balancer's `/readyz`): the database answers and the
 * store can be written. Probes that come while one is running share it, so a database that does not
 * answer never piles queries up behind the load balancer's probes.
 */
export function readiness(deps: ReadinessDeps): () => Promise<ReadyReport> {
  const timeoutMs = deps.timeoutMs ?? READY_TIMEOUT_MS;
  const check = async (what: "database" | "store", run: () => Promise<unknown>): Promise<string> => {
    try {
      await within(run(), timeoutMs);
      return "ok";
    } catch (error) {
      const reason = error instanceof Timeout ? "timeout" : reasonOf(what, error);
      // The details (a path, a driver's message) go to the log only.
      deps.logger.warn({ err: error, check: what, reason }, "not ready");
      return reason;
    }
  };
  let running: Promise<ReadyReport> | null = null;
  return () => {
    running ??= (async () => {
      const [database, store] = await Promise.all([
        check("database", () => deps.pingDatabase()),
        check("store", async () => deps.store.ready?.()),
      ]);
      return { ready: database === "ok" && store === "ok", checks: { database, store } };
    })().finally(() => {
      running = null;
    });
    return running;
  };
}

/** An errno code (`ENOENT`, `EACCES`, `EROFS`) says what is wrong without saying where. */
function reasonOf(what: "database" | "store", error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (what === "store" && typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  return what === "database" ? "unreachable" : "unavailable";
}
