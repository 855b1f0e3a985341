import type { RepoType } from "./repo.ts";

export type RepoAction =
  | { kind: "resolve"; revision: string; path: string }
  | { kind: "raw"; revision: string; path: string }
  | { kind: "commits"; revision: string }
  | { kind: "resolve-cache"; revision: string; path: string }
  | { kind: "info"; revision: string | null }
  | { kind: "tree"; revision: string; path: string }
  | { kind: "paths-info"; revision: string }
  | { kind: "refs" }
  | { kind: "xet-read-token"; revision: string };

/**
 * A repo route. The repo id may be `org/name` or a single segment, so every reading of the path is kept
 * (two-segment first); the first one naming an existing repo wins.
 */
export interface RepoRoute {
  kind: "repo";
  type: RepoType;
  candidates: Array<{ id: string; action: RepoAction }>;
}

export type Route =
  | { kind: "whoami" }
  | { kind: "cdn"; sha256: string }
  | { kind: "list"; type: RepoType }
  | RepoRoute
  | { kind: "unknown" };

const PLURALS: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };
const PREFIXES: Record<string, RepoType> = { datasets: "dataset", spaces: "space" };

/** Decodes one raw path segment exactly once (so `refs%2Fpr%2F1` becomes `refs/pr/1`). */
const dec = (segment: string): string => decodeURIComponent(segment);
const decPath = (segments: string[]): string => segments.map(dec).join("/");

/**
 * The revision at the start of `segments` and what follows it. Like the Hub, `refs/pr/N` and
 * `refs/convert/NAME` are recognised unencoded too (hub.js `listFiles` and `listCommits` send them so);
 * any other revision is one segment, decoded once.
 */
function splitRevision(segments: string[]): { revision: string; rest: string[] } | null {
  const [first, kind, name] = segments;
  if (first === undefined || first === "") return null;
  const special =
    first === "refs" &&
    ((kind === "pr" && /^\d+$/.test(name ?? "")) || (kind === "convert" && /^\w+$/.test(name ?? "")));
  if (special) return { revision: `refs/${kind}/${name}`, rest: segments.slice(3) };
  return { revision: dec(first), rest: segments.slice(1) };
}

function apiAction(tail: string[]): RepoAction | null {
  const [head, ...after] = tail;
  if (head === undefined) return { kind: "info", revision: null };
  const split = splitRevision(after);
  if (split === null) return head === "refs" && after.length <= 1 ? { kind: "refs" } : null;
  const { revision, rest } = split;
  if (head === "revision")
    return { kind: "info", revision: rest.length ? `${revision}/${decPath(rest)}` : revision };
  // A nested folder may come as one encoded segment (`data%2Fnested`, HfFileSystem) or as several.
  if (head === "tree") return { kind: "tree", revision, path: decPath(rest.filter((s) => s !== "")) };
  if (rest.length > 0) return null;
  if (head === "paths-info") return { kind: "paths-info", revision };
  if (head === "commits") return { kind: "commits", revision };
  if (head === "xet-read-token") return { kind: "xet-read-token", revision };
  return null;
}

function candidates(
  rest: string[],
  action: (repoLength: number) => RepoAction | null,
): Array<{ id: string; action: RepoAction }> {
  const out: Array<{ id: string; action: RepoAction }> = [];
  for (const n of [2, 1]) {
    const idSegments = rest.slice(0, n);
    if (idSegments.length !== n || idSegments.some((s) => s === "")) continue;
    const found = action(n);
    if (found) out.push({ id: decPath(idSegments), action: found });
  }
  return out;
}

function parseSegments(segs: string[]): Route {
  if (segs[0] === "api") {
    if (segs[1] === "whoami-v2" && segs.length === 2) return { kind: "whoami" };
    const resolveCache = segs[1] === "resolve-cache";
    const type = PLURALS[(resolveCache ? segs[2] : segs[1]) ?? ""];
    if (!type) return { kind: "unknown" };
    if (!resolveCache && (segs.length === 2 || (segs.length === 3 && segs[2] === ""))) {
      return { kind: "list", type };
    }
    const rest = segs.slice(resolveCache ? 3 : 2);
    const found = resolveCache
      ? candidates(rest, (n) => {
          const [rev, ...path] = rest.slice(n);
          return rev && path.length
            ? { kind: "resolve-cache", revision: dec(rev), path: decPath(path) }
            : null;
        })
      : candidates(rest, (n) => apiAction(rest.slice(n)));
    return found.length ? { kind: "repo", type, candidates: found } : { kind: "unknown" };
  }
  if (segs[0] === "cdn-lfs" && segs.length === 2 && /^[0-9a-f]{64}$/.test(segs[1] ?? "")) {
    return { kind: "cdn", sha256: segs[1] ?? "" };
  }
  const prefixed = PREFIXES[segs[0] ?? ""];
  const type = prefixed ?? "model";
  const rest = prefixed ? segs.slice(1) : segs;
  const found = candidates(rest, (n) => {
    const [word, ...after] = rest.slice(n);
    if (word !== "resolve" && word !== "raw") return null;
    const split = splitRevision(after);
    if (split === null || split.rest.length === 0) return null;
    return { kind: word, revision: split.revision, path: decPath(split.rest) };
  });
  return found.length ? { kind: "repo", type, candidates: found } : { kind: "unknown" };
}

/** Routes on the raw (still URL-encoded) path, without its query string. */
export function parseRoute(rawPath: string): Route {
  try {
    return parseSegments(rawPath.split("/").slice(1));
  } catch {
    return { kind: "unknown" }; // malformed percent-encoding
  }
}
