import type { Db } from "@hubcache/db";
import { notFound } from "../errors.ts";
import { visibleTo, type Actor } from "./access.ts";
import type { RemoteOptions } from "./remotes.ts";

/** What "test connection" found upstream. Never carries the token. */
export interface ConnectionResult {
  /** The hub answered over HTTP (any status below 500). */
  reachable: boolean;
  /** The HTTP status of the check. */
  status?: number;
  latencyMs?: number;
  /** null: the remote has no token (or the hub could not be asked), so nothing was checked. */
  tokenValid: boolean | null;
  /** The whoami name the token belongs to. */
  user?: string;
  error?: string;
}

const TIMEOUT_MS = 10_000;

function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `No answer within ${TIMEOUT_MS / 1000} s.`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `Could not connect: ${detail}`;
}

/**
 * Checks a remote's hub URL and HF token against its upstream: `whoami-v2` with the token when one is
 * set (401 means the token is refused), otherwise a one-model listing to see that the hub answers.
 */
export async function testRemoteConnection(
  db: Db,
  actor: Actor,
  remoteId: string,
  { secrets }: RemoteOptions,
  fetchImpl: typeof fetch = fetch,
): Promise<ConnectionResult> {
  const row = await db.remote.findFirst({
    where: { id: remoteId, ...visibleTo(actor) },
    select: { hubUrl: true, hfTokenEncrypted: true },
  });
  if (!row) throw notFound("Remote");
  const hubUrl = row.hubUrl.replace(/\/+$/, "");
  let token: string | null = null;
  if (row.hfTokenEncrypted) {
    try {
      token = secrets.open(row.hfTokenEncrypted);
    } catch {
      return { reachable: false, tokenValid: null, error: "The stored HF token cannot be decrypted." };
    }
  }
  const url = token ? `${hubUrl}/api/whoami-v2` : `${hubUrl}/api/models?limit=1`;
  const started = performance.now();
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      redirect: "follow",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { reachable: false, tokenValid: null, error: describeFailure(error) };
  }
  const latencyMs = Math.round(performance.now() - started);
  const status = response.status;
  const reachable = status < 500;
  const result: ConnectionResult = { reachable, status, latencyMs, tokenValid: null };
  if (!reachable) {
    await response.body?.cancel();
    return { ...result, error: `The hub answered HTTP ${status}.` };
  }
  if (!token) {
    await response.body?.cancel();
    return result;
  }
  if (status === 401 || status === 403) {
    await response.body?.cancel();
    return { ...result, tokenValid: false, error: "The hub refused the HF token." };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ...result, error: `The hub answered HTTP ${status} to whoami.` };
  }
  const body = (await response.json().catch(() => null)) as { name?: unknown } | null;
  return {
    ...result,
    tokenValid: true,
    ...(typeof body?.name === "string" ? { user: body.name } : {}),
  };
}
