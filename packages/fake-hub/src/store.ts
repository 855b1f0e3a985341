import type { Blob, FileSpec } from "./content.ts";
import {
  entryInfoFrom,
  Repo,
  repoKey,
  treeOid,
  type Commit,
  type EntryInfo,
  type FileEntry,
  type RepoType,
} from "./repo.ts";

export interface AddRepoInput {
  type?: RepoType;
  id: string;
  private?: boolean;
  gated?: boolean;
  files: Record<string, FileSpec>;
  branch?: string;
  tags?: string[];
}

/** All repos of one fake hub, plus the content-addressed index the CDN route serves from. */
export class HubStore {
  private readonly repos = new Map<string, Repo>();
  private readonly blobs = new Map<string, Blob>();
  private readonly bySha256 = new Map<string, Blob>();
  private readonly interner = { intern: (blob: Blob): Blob => this.intern(blob) };

  addRepo(input: AddRepoInput): Commit {
    const type = input.type ?? "model";
    if (!/^[\w.-]+(\/[\w.-]+)?$/.test(input.id)) throw new Error(`invalid repo id ${input.id}`);
    if (this.repos.has(repoKey(type, input.id))) throw new Error(`repo ${type}:${input.id} already exists`);
    const branch = input.branch ?? "main";
    const repo = new Repo(type, input.id, input.private ?? false, input.gated ?? false, branch);
    this.repos.set(repo.key, repo);
    const commit = repo.commit(branch, input.files, "initial commit", this.interner);
    for (const tag of input.tags ?? []) repo.setRef(tag, commit, "tag");
    return commit;
  }

  commit(type: RepoType, id: string, branch: string, files: Record<string, FileSpec>): Commit {
    return this.mustGet(type, id).commit(
      branch,
      files,
      `Update ${Object.keys(files).length} files`,
      this.interner,
    );
  }

  createRef(type: RepoType, id: string, name: string, target: string, kind?: "branch" | "tag"): void {
    const repo = this.mustGet(type, id);
    const commit = repo.resolve(target);
    if (!commit) throw new Error(`unknown revision ${target} in ${repo.key}`);
    repo.setRef(name, commit, kind);
  }

  get(type: RepoType, id: string): Repo | undefined {
    return this.repos.get(repoKey(type, id));
  }

  /** Every repo of a type, sorted by id. */
  list(type: RepoType): Repo[] {
    return [...this.repos.values()].filter((r) => r.type === type).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  mustGet(type: RepoType, id: string): Repo {
    const repo = this.get(type, id);
    if (!repo) throw new Error(`unknown repo ${repoKey(type, id)}`);
    return repo;
  }

  /** Looks up file content by sha256 (only blobs whose digest has been computed are known). */
  blobBySha256(sha256: string): Blob | undefined {
    return this.bySha256.get(sha256);
  }

  async entryInfo(entry: FileEntry): Promise<EntryInfo> {
    const digest = await entry.blob.digest(!entry.lfs);
    this.bySha256.set(digest.sha256, entry.blob);
    return entryInfoFrom(entry, digest);
  }

  entryInfoSync(entry: FileEntry): EntryInfo {
    const digest = entry.blob.digestSync(!entry.lfs);
    this.bySha256.set(digest.sha256, entry.blob);
    return entryInfoFrom(entry, digest);
  }

  /** Hashes every file of every repo and commit (async), so no request waits for a first hash. */
  async warmup(): Promise<void> {
    for (const repo of this.repos.values()) {
      for (const commit of repo.commits.values()) await this.ensureDigests(commit.files.values());
    }
  }

  /** Hashes every given file (async) so the sync helpers below can run without blocking for long. */
  async ensureDigests(entries: Iterable<FileEntry>): Promise<void> {
    for (const entry of entries) await this.entryInfo(entry);
  }

  /** Git tree oid of a directory; hashes synchronously whatever was not hashed yet. */
  treeOid(commit: Commit, dir: string): string {
    return treeOid(commit, dir, (entry) => this.entryInfoSync(entry));
  }

  private intern(blob: Blob): Blob {
    const known = this.blobs.get(blob.fingerprint);
    if (known) return known;
    this.blobs.set(blob.fingerprint, blob);
    return blob;
  }
}
