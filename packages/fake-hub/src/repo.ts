import { createHash } from "node:crypto";
import { blobFromSpec, lfsPointer, type Blob, type FileSpec } from "./content.ts";

export type RepoType = "model" | "dataset" | "space";

export interface FileEntry {
  path: string;
  blob: Blob;
  lfs: boolean;
}

export interface Commit {
  sha: string;
  parent: Commit | null;
  title: string;
  date: Date;
  files: Map<string, FileEntry>;
  /** Every directory path in the commit (without the root ""). */
  dirs: Set<string>;
  /** Memoised git tree oids per directory path. */
  treeOids: Map<string, string>;
}

/** What git and the Hub know about one file (after hashing). */
export interface EntryInfo {
  path: string;
  size: number;
  lfs: boolean;
  sha256: string;
  /** Git blob sha1 of the object git stores: the content, or the LFS pointer for LFS files. */
  oid: string;
  pointerSize?: number;
  xetHash?: string;
}

export const isCommitSha = (rev: string): boolean => /^[0-9a-f]{40}$/.test(rev);

export function parentDir(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function xetHashOf(sha256: string): string {
  return createHash("sha256").update(`xet:${sha256}`).digest("hex");
}

export function entryInfoFrom(entry: FileEntry, digest: { sha256: string; sha1?: string }): EntryInfo {
  const base = { path: entry.path, size: entry.blob.size, lfs: entry.lfs, sha256: digest.sha256 };
  if (!entry.lfs) return { ...base, oid: digest.sha1 ?? "" };
  const pointer = lfsPointer(digest.sha256, entry.blob.size);
  const pointerBytes = Buffer.from(pointer, "utf8");
  const oid = createHash("sha1")
    .update(`blob ${pointerBytes.byteLength}\0`)
    .update(pointerBytes)
    .digest("hex");
  return { ...base, oid, pointerSize: pointerBytes.byteLength, xetHash: xetHashOf(digest.sha256) };
}

export class Repo {
  readonly branches = new Map<string, Commit>();
  readonly tags = new Map<string, Commit>();
  readonly pullRequests = new Map<string, Commit>();
  /** `refs/convert/NAME` (the Hub's parquet conversion of a dataset), by full ref name. */
  readonly converts = new Map<string, Commit>();
  readonly commits = new Map<string, Commit>();
  readonly createdAt = new Date();

  constructor(
    readonly type: RepoType,
    readonly id: string,
    readonly isPrivate: boolean,
    readonly gated: boolean,
    readonly defaultBranch: string,
  ) {}

  get key(): string {
    return repoKey(this.type, this.id);
  }

  get author(): string | undefined {
    return this.id.includes("/") ? this.id.split("/")[0] : undefined;
  }

  /** A branch, tag, `refs/heads/x`, `refs/tags/x`, `refs/pr/N`, full commit sha, or `HEAD`. */
  resolve(revision: string): Commit | undefined {
    if (revision === "HEAD") return this.branches.get(this.defaultBranch);
    if (revision.startsWith("refs/pr/")) return this.pullRequests.get(revision);
    if (revision.startsWith("refs/convert/")) return this.converts.get(revision);
    if (revision.startsWith("refs/heads/")) return this.branches.get(revision.slice("refs/heads/".length));
    if (revision.startsWith("refs/tags/")) return this.tags.get(revision.slice("refs/tags/".length));
    return (
      this.branches.get(revision) ??
      this.tags.get(revision) ??
      (isCommitSha(revision) ? this.commits.get(revision) : undefined)
    );
  }

  /** Creates a commit replacing the whole file set of `branch` (created from nothing if new). */
  commit(branch: string, files: Record<string, FileSpec>, title: string, blobs: BlobInterner): Commit {
    const parent = this.branches.get(branch) ?? null;
    const entries = new Map<string, FileEntry>();
    const dirs = new Set<string>();
    for (const [rawPath, spec] of Object.entries(files)) {
      const path = normalisePath(rawPath);
      const { blob, lfs } = blobFromSpec(path, spec);
      entries.set(path, { path, blob: blobs.intern(blob), lfs });
      for (let dir = parentDir(path); dir !== ""; dir = parentDir(dir)) dirs.add(dir);
    }
    const hash = createHash("sha1").update(`${this.key}\n${branch}\n${this.commits.size}\n`);
    for (const path of [...entries.keys()].sort()) {
      const entry = entries.get(path);
      if (entry) hash.update(`${path}\0${entry.blob.fingerprint}\0${entry.lfs}\n`);
    }
    const sha = hash.digest("hex");
    const commit: Commit = {
      sha,
      parent,
      title,
      date: new Date(),
      files: entries,
      dirs,
      treeOids: new Map(),
    };
    this.commits.set(sha, commit);
    this.branches.set(branch, commit);
    return commit;
  }

  /**
   * `refs/heads/x` or (by default) a bare name → branch; `refs/tags/x` or kind "tag" → tag;
   * `refs/pr/N` → PR ref; `refs/convert/NAME` → conversion ref.
   */
  setRef(name: string, commit: Commit, kind?: "branch" | "tag"): void {
    if (name.startsWith("refs/pr/")) this.pullRequests.set(name, commit);
    else if (name.startsWith("refs/convert/")) this.converts.set(name, commit);
    else if (name.startsWith("refs/tags/")) this.tags.set(name.slice("refs/tags/".length), commit);
    else if (name.startsWith("refs/heads/")) this.branches.set(name.slice("refs/heads/".length), commit);
    else if (kind === "tag") this.tags.set(name, commit);
    else this.branches.set(name, commit);
  }
}

/** Shares blobs with the same content so each big file is hashed only once. */
export interface BlobInterner {
  intern(blob: Blob): Blob;
}

export const repoKey = (type: RepoType, id: string): string => `${type}:${id}`;

export function normalisePath(path: string): string {
  const clean = path.replace(/^\/+|\/+$/g, "");
  if (clean === "" || clean.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new Error(`invalid file path ${JSON.stringify(path)}`);
  }
  return clean;
}

/** Files (by path) and directories directly or recursively under `dir` ("" = root), sorted by path. */
export function listDir(
  commit: Commit,
  dir: string,
  recursive: boolean,
): Array<{ kind: "file" | "directory"; path: string }> {
  const prefix = dir === "" ? "" : `${dir}/`;
  const within = (p: string): boolean => p.startsWith(prefix) && (recursive || parentDir(p) === dir);
  const out: Array<{ kind: "file" | "directory"; path: string }> = [];
  for (const path of commit.dirs) if (within(path)) out.push({ kind: "directory", path });
  for (const path of commit.files.keys()) if (within(path)) out.push({ kind: "file", path });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files at or under `path` (a file path, a directory, or "" for everything). */
export function filesUnder(commit: Commit, path: string): FileEntry[] {
  const prefix = path === "" ? "" : `${path}/`;
  return [...commit.files.values()].filter((f) => f.path === path || f.path.startsWith(prefix));
}

/** Fingerprint of a file or subtree's content, to find the last commit that changed it. */
function contentKey(commit: Commit, path: string): string {
  return filesUnder(commit, path)
    .map((f) => `${f.path}\0${f.blob.fingerprint}\0${f.lfs}`)
    .sort()
    .join("\n");
}

/** The oldest commit in `commit`'s first-parent chain with the same content at `path` as `commit`. */
export function lastCommitFor(commit: Commit, path: string): Commit {
  const key = contentKey(commit, path);
  let last = commit;
  while (last.parent && contentKey(last.parent, path) === key) last = last.parent;
  return last;
}

/** Git tree oid of directory `dir`; every file's info must already be known via `info`. */
export function treeOid(commit: Commit, dir: string, info: (entry: FileEntry) => EntryInfo): string {
  const memo = commit.treeOids.get(dir);
  if (memo) return memo;
  const children = listDir(commit, dir, false).map((child) => {
    const name = child.path.slice(dir === "" ? 0 : dir.length + 1);
    const file = commit.files.get(child.path);
    const oid = child.kind === "file" && file ? info(file).oid : treeOid(commit, child.path, info);
    return {
      name,
      mode: child.kind === "file" ? "100644" : "40000",
      oid,
      sortKey: child.kind === "file" ? name : `${name}/`,
    };
  });
  children.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const body = Buffer.concat(
    children.flatMap((c) => [Buffer.from(`${c.mode} ${c.name}\0`, "utf8"), Buffer.from(c.oid, "hex")]),
  );
  const oid = createHash("sha1").update(`tree ${body.byteLength}\0`).update(body).digest("hex");
  commit.treeOids.set(dir, oid);
  return oid;
}
