import type { CacheIndex, RepoKey } from "../cache/cache-index.ts";
import { isCommitSha } from "../hub/repo.ts";

/**
 * Branch and tag → commit resolutions. A commit sha is its own answer; a recent resolution (younger than
 * the TTL) is trusted; an older one is only a fallback for when the upstream is out of reach.
 */
export class RevisionCache {
  constructor(
    private readonly index: CacheIndex,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The commit to use without asking upstream, or null when upstream must be asked. */
  async fresh(repo: RepoKey, revision: string): Promise<string | null> {
    if (isCommitSha(revision)) return revision;
    const known = await this.index.getRevision(repo, revision);
    if (known && this.now() - known.fetchedAt.getTime() < this.ttlMs) return known.commit;
    return null;
  }

  /** The last commit a revision resolved to, however old: what the Hub being down falls back on. */
  async last(repo: RepoKey, revision: string): Promise<string | null> {
    if (isCommitSha(revision)) return revision;
    return (await this.index.getRevision(repo, revision))?.commit ?? null;
  }

  async remember(repo: RepoKey, revision: string, commit: string): Promise<void> {
    if (!isCommitSha(revision)) await this.index.putRevision(repo, revision, commit);
  }
}
