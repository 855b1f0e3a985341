import { isUniqueViolation, parsePatterns, serializePatterns, type Db, type SecretBox } from "@hubcache/db";
import { AppError, invalid, notFound, parseInput, refused } from "../errors.ts";
import { isAllowedRemoteUrl, remoteUrlOrigin } from "../remote-url.ts";
import {
  remoteInputSchema,
  remoteUpdateSchema,
  type PageInput,
  type RemoteInput,
  type RemoteUpdate,
  type RemoteView,
} from "../schemas.ts";
import { audit, changeableBy, matchedNothing, teamForChanges, visibleTo, type Actor } from "./access.ts";
import { isInstanceAdmin } from "./users.ts";

/** What the remote services need besides the database. */
export interface RemoteOptions {
  /** Seals and opens HF tokens. */
  secrets: SecretBox;
  /**
   * Origins team admins and owners may point a remote at (REMOTE_URL_ALLOWLIST, see remote-url.ts); the
   * instance admin may set any URL.
   */
  urlAllowlist: readonly string[];
  /**
   * The operator's HUB_URL, which the content server trusts as it trusts the allowlist (its remotes may
   * reach private addresses). Absent: only the allowlist is trusted.
   */
  operatorHubUrl?: string;
}

/**
 * Refuses a hub URL outside the allowlist unless the actor is the instance admin: a 400 on `hubUrl`,
 * the same when saving a remote and when testing its connection.
 */
export async function assertRemoteUrlAllowed(
  db: Db,
  actor: Actor,
  hubUrl: string,
  urlAllowlist: readonly string[],
): Promise<void> {
  if (isAllowedRemoteUrl(hubUrl, urlAllowlist)) return;
  if (await isInstanceAdmin(db, actor)) return;
  throw invalid({
    hubUrl: [
      `This instance allows remotes at ${urlAllowlist.join(", ") || "no URL"} only; ask the instance admin for another.`,
    ],
  });
}

type RemoteRow = Awaited<ReturnType<Db["remote"]["findFirstOrThrow"]>>;

function view(row: RemoteRow): RemoteView {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    hubUrl: row.hubUrl,
    hfTokenSet: row.hfTokenEncrypted !== null,
    policy: row.policy as RemoteInput["policy"],
    connectTimeoutMs: row.connectTimeoutMs,
    readTimeoutMs: row.readTimeoutMs,
    includePatterns: parsePatterns(row.includePatterns),
    excludePatterns: parsePatterns(row.excludePatterns),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function sealedToken(token: string | null | undefined, secrets: SecretBox): string | null | undefined {
  if (token === undefined) return undefined;
  return token ? secrets.seal(token) : null;
}

/** What the audit log says when a URL change dropped the token. */
export const TOKEN_CLEARED = "token cleared because the URL changed";

/** What an audit event may say about a change: never the token itself. */
function auditDetail(input: RemoteUpdate): Record<string, unknown> {
  const { hfToken, ...rest } = input;
  return hfToken === undefined ? rest : { ...rest, hfToken: hfToken ? "(set)" : "(removed)" };
}

const duplicateName = () => invalid({ name: ["A remote with this name already exists in this team."] });

/**
 * Why the actor may not change the remote: it is not in their teams (404), or they are a member only
 * (403, with `message`). Asked when a read or write scoped to changeableBy found nothing.
 */
async function refusal(db: Db, actor: Actor, id: string, message: string): Promise<AppError> {
  const visible = await db.remote.findFirst({ where: { id, ...visibleTo(actor) }, select: { id: true } });
  return visible ? refused(403, message) : notFound("Remote");
}

export async function listRemotes(
  db: Db,
  actor: Actor,
  page: PageInput,
): Promise<{ count: number; items: RemoteView[] }> {
  const where = { ...visibleTo(actor), ...(page.name ? { name: page.name } : {}) };
  const [count, rows] = await Promise.all([
    db.remote.count({ where }),
    db.remote.findMany({ where, orderBy: { createdAt: "asc" }, skip: page.offset, take: page.limit }),
  ]);
  return { count, items: rows.map(view) };
}

export async function getRemote(db: Db, actor: Actor, id: string): Promise<RemoteView> {
  const row = await db.remote.findFirst({ where: { id, ...visibleTo(actor) } });
  if (!row) throw notFound("Remote");
  return view(row);
}

export async function createRemote(
  db: Db,
  actor: Actor,
  input: unknown,
  { secrets, urlAllowlist }: RemoteOptions,
  team?: string,
): Promise<RemoteView> {
  const data = parseInput(remoteInputSchema, input);
  const { id: teamId } = await teamForChanges(db, actor, team);
  await assertRemoteUrlAllowed(db, actor, data.hubUrl, urlAllowlist);
  try {
    const row = await db.remote.create({
      data: {
        teamId,
        name: data.name,
        hubUrl: data.hubUrl,
        hfTokenEncrypted: sealedToken(data.hfToken, secrets) ?? null,
        policy: data.policy,
        connectTimeoutMs: data.connectTimeoutMs,
        readTimeoutMs: data.readTimeoutMs,
        includePatterns: serializePatterns(data.includePatterns),
        excludePatterns: serializePatterns(data.excludePatterns),
      },
    });
    await audit(db, actor, teamId, "remote.create", row.name, auditDetail(data));
    return view(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** PATCH (and the console's edit): changes exactly the fields sent. */
export async function updateRemote(
  db: Db,
  actor: Actor,
  id: string,
  input: unknown,
  options: RemoteOptions,
): Promise<RemoteView> {
  return changeRemote(db, actor, id, parseInput(remoteUpdateSchema, input), options);
}

/** PUT: replaces the remote; omitted fields take their defaults (an omitted HF token is kept: write-only). */
export async function replaceRemote(
  db: Db,
  actor: Actor,
  id: string,
  input: unknown,
  options: RemoteOptions,
): Promise<RemoteView> {
  return changeRemote(db, actor, id, parseInput(remoteInputSchema, input), options);
}

async function changeRemote(
  db: Db,
  actor: Actor,
  id: string,
  patch: RemoteUpdate,
  { secrets, urlAllowlist }: RemoteOptions,
): Promise<RemoteView> {
  const cannotChange = "You do not have permission to change this remote.";
  const existing = await db.remote.findFirst({ where: { id, ...changeableBy(actor) } });
  if (!existing) throw await refusal(db, actor, id, cannotChange);
  // An unchanged URL is not checked: a remote the instance admin set up stays as configured.
  if (patch.hubUrl !== undefined && patch.hubUrl !== existing.hubUrl) {
    await assertRemoteUrlAllowed(db, actor, patch.hubUrl, urlAllowlist);
  }
  // The token was given for its host: moving the remote to another origin without giving a token for it
  // would send the old one there (test connection, every content request). It is dropped instead.
  const clearsToken =
    patch.hubUrl !== undefined &&
    patch.hfToken === undefined &&
    existing.hfTokenEncrypted !== null &&
    remoteUrlOrigin(patch.hubUrl) !== remoteUrlOrigin(existing.hubUrl);
  try {
    // Fields left undefined are not written.
    const row = await db.remote.update({
      where: { id, ...changeableBy(actor) },
      data: {
        name: patch.name,
        hubUrl: patch.hubUrl,
        hfTokenEncrypted: clearsToken ? null : sealedToken(patch.hfToken, secrets),
        policy: patch.policy,
        connectTimeoutMs: patch.connectTimeoutMs,
        readTimeoutMs: patch.readTimeoutMs,
        includePatterns: patch.includePatterns && serializePatterns(patch.includePatterns),
        excludePatterns: patch.excludePatterns && serializePatterns(patch.excludePatterns),
      },
    });
    const detail = auditDetail(patch);
    if (clearsToken) detail.hfToken = TOKEN_CLEARED;
    await audit(db, actor, row.teamId, "remote.update", row.name, detail);
    return view(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    if (matchedNothing(error)) throw await refusal(db, actor, id, cannotChange);
    throw error;
  }
}

export async function deleteRemote(db: Db, actor: Actor, id: string): Promise<void> {
  const cannotDelete = "You do not have permission to delete this remote.";
  const existing = await db.remote.findFirst({
    where: { id, ...changeableBy(actor) },
    select: { id: true, name: true, teamId: true, _count: { select: { distributions: true } } },
  });
  if (!existing) throw await refusal(db, actor, id, cannotDelete);
  if (existing._count.distributions > 0) {
    throw refused(409, "This remote is used by a distribution: delete or re-point the distribution first.");
  }
  try {
    await db.remote.delete({ where: { id, ...changeableBy(actor) } });
  } catch (error) {
    if (matchedNothing(error)) throw await refusal(db, actor, id, cannotDelete);
    throw error;
  }
  await audit(db, actor, existing.teamId, "remote.delete", existing.name);
}
