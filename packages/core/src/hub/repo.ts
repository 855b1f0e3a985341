import type { RepoType } from "../cache/cache-index.ts";

export type { RepoType };

export const REPO_TYPES: readonly RepoType[] = ["model", "dataset", "space"];

/** URL prefix of a repo's files: models have none, datasets and spaces do. */
export function repoUrlPrefix(type: RepoType): string {
  return type === "model" ? "" : `${type}s/`;
}

/** `models`, `datasets` or `spaces`, as in `/api/{plural}/...`. */
export function repoApiPlural(type: RepoType): string {
  return `${type}s`;
}

export function repoTypeFromPlural(plural: string): RepoType | null {
  const type = plural.endsWith("s") ? plural.slice(0, -1) : "";
  return (REPO_TYPES as readonly string[]).includes(type) ? (type as RepoType) : null;
}

const COMMIT_SHA = /^[0-9a-f]{40}$/;

export function isCommitSha(revision: string): boolean {
  return COMMIT_SHA.test(revision);
}
