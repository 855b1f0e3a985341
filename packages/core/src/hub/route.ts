import { badRequest } from "./errors.ts";
import { repoTypeFromPlural, type RepoType } from "./repo.ts";
import { AppError } from "../errors.ts";

export interface RepoRef {
  type: RepoType;
  /** `org/name` or a canonical single-segment name such as `gpt2`. */
  id: string;
}

/** A client request to a distribution, parsed from the raw path below its base path. */
export type HubRoute =
  | { kind: "resolve"; repo: RepoRef; revision: string; path: string }
  /** The git blob as stored: the file itself, or its LFS pointer for LFS files. */
  | { kind: "raw"; repo: RepoRef; revision: string; path: string }
  | { kind: "info"; repo: RepoRef; revision: string | null }
  | { kind: "tree"; repo: RepoRef; revision: string; path: string }
  | { kind: "pathsInfo"; repo: RepoRef; revision: string }
  | { kind: "commits"; repo: RepoRef; revision: string }
  | { kind: "refs"; repo: RepoRef }
  | { kind: "whoami" }
  | { kind: "xetToken" }
  /** Any other `api/...` GET: forwarded upstream. `rawPath` starts with `api/`; `repo` when it names one. */
  | { kind: "forward"; rawPath: string; repo: RepoRef | null };

const MAX_RAW_PATH = 2048;
const MAX_FILE_PATH = 1024;
const REPO_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}$/;
const REVISION = /^[A-Za-z0-9_.\-/]{1,255}$/;
const API_ACTIONS = new Set([
  "revision",
  "tree",
  "paths-info",
  "refs",
  "commits",
  "xet-read-token",
  "resolve",
]);
/** Repo API calls whose next segment is a revision. */
const REVISION_ACTIONS = new Set(["revision", "tree", "paths-info", "commits"]);
/** The file routes: `{repo}/resolve/{rev}/{path}` and `{repo}/raw/{rev}/{path}`. */
const FILE_ACTIONS = new Set(["resolve", "raw"]);
/**
 * Refs some clients put in a path without encoding their slashes (hub.js `listFiles`, `listCommits`):
 * `refs/pr/N` and `refs/convert/NAME`, the two forms HfFileSystem also recognises in a path.
 */
function isSpecialRef(kind: string, name: string): boolean {
  return (kind === "pr" && /^\d{1,9}$/.test(name)) || (kind === "convert" && /^\w{1,64}$/.test(name));
}
// Control characters (C0, DEL, C1) and backslashes have no place in any Hub path.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\\]/;
// A segment that still holds a percent-escape once decoded was encoded twice (`%252e%252e`).
const STILL_ENCODED = /%[0-9a-f]{2}/i;

function notFound(): AppError {
  return new AppError(404, "EntryNotFound", "Not a Hugging Face Hub route");
}

function decodeSegment(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`Invalid percent-encoding in ${what}`);
  }
}

/**
 * The one check every route passes before it is parsed (file paths, tree paths, forwarded API paths,
 * revisions): each raw segment decodes, once, to text without control characters, backslashes or a second
 * layer of encoding, and neither it nor any part of it between encoded slashes is empty, `.` or `..`.
 * Only the last segment may be empty (a trailing slash).
 */
function checkSegments(segments: string[]): void {
  for (const [index, raw] of segments.entries()) {
    if (raw === "") {
      if (index === segments.length - 1) continue;
      throw badRequest("Empty segment in path");
    }
    const decoded = decodeSegment(raw, "path");
    if (FORBIDDEN_CHARACTER.test(decoded) || STILL_ENCODED.test(decoded)) {
      throw badRequest("Invalid character in path");
    }
    if (decoded.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw badRequest("Invalid path segment");
    }
  }
}

function parseRepoId(segments: string[]): string {
  for (const segment of segments) {
    if (!REPO_SEGMENT.test(segment) || segment.includes("..")) {
      throw badRequest(`Invalid repo id: ${segments.join("/").slice(0, 200)}`);
    }
  }
  return segments.join("/");
}

/** A revision arrives URL-encoded as ONE segment (`refs%2Fpr%2F1`): decode it once, never split it. */
export function parseRevision(raw: string): string {
  const revision = decodeSegment(raw, "revision");
  const parts = revision.split("/");
  if (!REVISION.test(revision) || parts.some((part) => part === "" || part === "." || part === "..")) {
    throw badRequest(`Invalid revision: ${revision.slice(0, 100)}`);
  }
  return revision;
}

/**
 * The revision starting at `segments[index]`: one (possibly encoded) segment, or the three segments of an
 * unencoded `refs/pr/N` or `refs/convert/NAME`. Returns the revision and the index after it.
 */
export function takeRevision(segments: string[], index: number): { revision: string; next: number } | null {
  const first = segments[index];
  if (first === undefined || first === "") return null;
  const kind = segments[index + 1];
  const name = segments[index + 2];
  if (first === "refs" && kind !== undefined && name !== undefined && isSpecialRef(kind, name)) {
    return { revision: `refs/${kind}/${name}`, next: index + 3 };
  }
  return { revision: parseRevision(first), next: index + 1 };
}

/** A file path keeps its slashes; each segment is decoded and must not climb or hide a separator. */
export function parseFilePath(
  rawSegments: string[],
  { allowEmpty, encodedSlashes = false }: { allowEmpty: boolean; encodedSlashes?: boolean },
): string {
  if (rawSegments.length === 0 || (rawSegments.length === 1 && rawSegments[0] === "")) {
    if (allowEmpty) return "";
    throw badRequest("Missing file path");
  }
  const segments = rawSegments.map((raw) => {
    const segment = decodeSegment(raw, "file path");
    if (segment === "" || segment === "." || segment === "..") throw badRequest("Invalid file path");
    if (FORBIDDEN_CHARACTER.test(segment)) throw badRequest("Invalid file path");
    if (segment.includes("/")) {
      // HfFileSystem sends a nested folder as ONE segment (`data%2Fnested`): a separator there, but each
      // part must still be a plain name.
      if (!encodedSlashes) throw badRequest("Invalid file path");
      if (segment.split("/").some((part) => part === "" || part === "." || part === "..")) {
        throw badRequest("Invalid file path");
      }
    }
    return segment;
  });
  const path = segments.join("/");
  if (path.length > MAX_FILE_PATH) throw badRequest("File path too long");
  return path;
}

function splitTypePrefix(segments: string[]): { type: RepoType; rest: string[] } {
  const first = segments[0];
  if (first === "datasets" || first === "spaces") {
    return { type: first === "datasets" ? "dataset" : "space", rest: segments.slice(1) };
  }
  return { type: "model", rest: segments };
}

function parseFileRoute(segments: string[]): HubRoute | null {
  const { type, rest } = splitTypePrefix(segments);
  // `gpt2/resolve/...` (canonical single-segment id) or `org/name/resolve/...`; the same for `raw/`.
  const idLength = FILE_ACTIONS.has(rest[1] ?? "") ? 1 : FILE_ACTIONS.has(rest[2] ?? "") ? 2 : 0;
  if (idLength === 0) return null;
  const kind = rest[idLength] === "raw" ? "raw" : "resolve";
  const taken = takeRevision(rest, idLength + 1);
  if (taken === null) throw badRequest("Missing revision");
  return {
    kind,
    repo: { type, id: parseRepoId(rest.slice(0, idLength)) },
    revision: taken.revision,
    path: parseFilePath(rest.slice(taken.next), { allowEmpty: false }),
  };
}

function parseRepoApi(type: RepoType, rest: string[], rawPath: string): HubRoute {
  const idLength = rest.length === 1 || API_ACTIONS.has(rest[1] ?? "") ? 1 : 2;
  const repo: RepoRef = { type, id: parseRepoId(rest.slice(0, idLength)) };
  const action = rest[idLength];
  if (action === undefined) return { kind: "info", repo, revision: null };
  const taken = takeRevision(rest, idLength + 1);
  if (taken === null && REVISION_ACTIONS.has(action)) throw badRequest("Missing revision");
  const tail = taken === null ? [] : rest.slice(taken.next);
  const exactly = taken !== null && tail.length === 0;
  if (action === "revision" && exactly) return { kind: "info", repo, revision: taken.revision };
  if (action === "tree" && taken !== null) {
    return {
      kind: "tree",
      repo,
      revision: taken.revision,
      path: parseFilePath(tail, { allowEmpty: true, encodedSlashes: true }),
    };
  }
  if (action === "paths-info" && exactly) return { kind: "pathsInfo", repo, revision: taken.revision };
  if (action === "commits" && exactly) return { kind: "commits", repo, revision: taken.revision };
  if (action === "refs" && rest.length === idLength + 1) return { kind: "refs", repo };
  if (action === "xet-read-token") return { kind: "xetToken" };
  return { kind: "forward", rawPath, repo };
}

/**
 * Parses the raw (still percent-encoded) path below a distribution's base path, without a leading slash.
 * Throws a AppError with a 4xx for anything that is not a Hub route or is malformed.
 */
export function parseHubRoute(rawPath: string): HubRoute {
  if (rawPath.length > MAX_RAW_PATH) throw new AppError(414, "BadRequest", "Request path too long");
  const segments = rawPath.split("/");
  checkSegments(segments);
  if (segments[0] === "api") {
    const plural = segments[1];
    if (plural === "whoami-v2" && segments.length === 2) return { kind: "whoami" };
    const type = plural === undefined ? null : repoTypeFromPlural(plural);
    if (type && segments.length > 2 && segments[2] !== "")
      return parseRepoApi(type, segments.slice(2), rawPath);
    // The repo listings (`api/models?search=…`) are forwarded; other Hub-wide calls are not served here.
    if (type && segments.length <= 3) return { kind: "forward", rawPath, repo: null };
    throw notFound();
  }
  const route = parseFileRoute(segments);
  if (!route) throw notFound();
  return route;
}
