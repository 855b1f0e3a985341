import { checkedFetch, isTrustedRemote } from "@hubcache/core";
import type { Db } from "@hubcache/db";
import { notFound, refused } from "../errors.ts";
import type { ConnectionResult } from "../schemas.ts";
import { changeableBy, visibleTo, type Actor } from "./access.ts";
import { assertRemoteUrlAllowed, type RemoteOptions } from "./remotes.ts";

const TIMEOUT_MS = 10_000;
export const UNREACHABLE = "The hub could not be reached.";

/**
 * Checks a remote's hub URL and HF token against its upstream: `whoami-v2` with the token when one is
 * set (401 means the token is refused), otherwise a one-model listing to see that the hub answers.
 * For the team's admins and owners (members: 403); a URL outside the allowlist is refused as saving it
 * would be, unless the actor is the instance admin. As in the content server, a remote outside the
 * allowlist (and not the operator's HUB_URL) may not connect to private addresses: such a hub reads
 * "unreachable". Redirects are not followed (the token stays with the configured host; a redirect counts
 * as an answer).
 */
export async function testRemoteConnection(
  db: Db,
  actor: Actor,
  remoteId: string,
  { secrets, urlAllowlist, operatorHubUrl }: RemoteOptions,
  fetchImpl?: typeof fetch,
): Promise<ConnectionResult> {
  const visible = await db.remote.findFirst({
    where: { id: remoteId, ...visibleTo(actor) },
    select: { id: true },
  });
  if (!visible) throw notFound("Remote");
  const row = await db.remote.findFirst({
    where: { id: remoteId, ...changeableBy(actor) },
    select: { hubUrl: true, hfTokenEncrypted: true },
  });
  if (!row) throw refused(403, "Only the team's admins and owners can test a remote's connection.");
  await assertRemoteUrlAllowed(db, actor, row.hubUrl, urlAllowlist);
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
  const trusted = isTrustedRemote(row.hubUrl, { allowlist: urlAllowlist, hubUrl: operatorHubUrl });
  const send = fetchImpl ?? checkedFetch(trusted);
  const started = performance.now();
  let response: Response;
  try {
    response = await send(url, {
      headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { reachable: false, tokenValid: null, error: UNREACHABLE };
  }
  const latencyMs = Math.round(performance.now() - started);
  const status = response.status;
  const reachable = status < 500;
  const result: ConnectionResult = { reachable, status, latencyMs, tokenValid: null };
  if (!reachable || !token || status === 401 || status === 403 || !response.ok) {
    await response.body?.cancel().catch(() => undefined);
  }
  if (!reachable) return { ...result, error: UNREACHABLE };
  if (!token) return result;
  if (status === 401 || status === 403) {
    return { ...result, tokenValid: false, error: "The hub refused the HF token." };
  }
  if (!response.ok) return { ...result, error: "The hub did not confirm the HF token." };
  const body = (await response.json().catch(() => null)) as { name?: unknown } | null;
  return {
    ...result,
    tokenValid: true,
    ...(typeof body?.name === "string" ? { user: body.name } : {}),
  };
}
