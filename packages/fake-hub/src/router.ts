import type { RepoType } from "./repo.ts";

export type RepoAction =
  | { kind: "resolve"; revision: string; path: string }
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

export type Route = { kind: "whoami" } | { kind: "cdn"; sha256: string } | RepoRoute | { kind: "unknown" };

const PLURALS: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };
const PREFIXES: Record<string, RepoType> = { datasets: "dataset", spaces: "space" };

/** Decodes one raw path segment exactly once (so `refs%2Fpr%2F1` becomes `refs/pr/1`). */
const dec = (segment: string): string => decodeURIComponent(segment);
const decPath = (segments: string[]): string => segments.map(dec).join("/");

function apiAction(tail: string[]): RepoAction | null {
  const [head, rev, ...rest] = tail;
  if (head === undefined) return { kind: "info", revision: null };
  if (rev === undefined || rev === "") return head === "refs" ? { kind: "refs" } : null;
  const revision = dec(rev);
  if (head === "revision")
    return { kind: "info", revision: rest.length ? `${revision}/${decPath(rest)}` : revision };
  if (head === "tree") return { kind: "tree", revision, path: decPath(rest.filter((s) => s !== "")) };
  if (rest.length > 0) return null;
  if (head === "paths-info") return { kind: "paths-info", revision };
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
    const [word, rev, ...path] = rest.slice(n);
    if (word !== "resolve" || !rev || path.length === 0) return null;
    return { kind: "resolve", revision: dec(rev), path: decPath(path) };
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
