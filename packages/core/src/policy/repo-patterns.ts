/** `*` matches within one segment, `**` across segments; everything else is literal. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${escaped}$`);
}

/**
 * Whether a remote may serve a repo: it must match an include pattern (when any are set) and no exclude
 * pattern. Patterns apply to `type/id` for datasets and spaces (`datasets/org/*`) and to the id for models.
 */
export function matchesRepoPatterns(
  repo: { type: "model" | "dataset" | "space"; id: string },
  include: readonly string[],
  exclude: readonly string[],
): boolean {
  const name = repo.type === "model" ? repo.id : `${repo.type}s/${repo.id}`;
  const matches = (pattern: string) => globToRegExp(pattern).test(name);
  if (include.length > 0 && !include.some(matches)) return false;
  return !exclude.some(matches);
}
