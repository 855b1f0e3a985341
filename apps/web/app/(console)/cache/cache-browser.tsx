"use client";

import { REPO_TYPES } from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, type RouterInputs, type RouterOutputs } from "../../../lib/trpc/client.tsx";
import { ConfirmDelete, FormMessage, serverErrors } from "../_forms/forms.tsx";
import { formatBytes } from "./format.ts";
import { Prefetch } from "./prefetch.tsx";
import { PurgeJobs } from "./purge-jobs.tsx";

/** What a purge removes: a repo, one of its commits, or one file at a commit. */
type PurgeTarget = RouterInputs["cache"]["purge"]["target"];
type SelectedRepo = Pick<PurgeTarget, "repoType" | "repoId">;
type Pin = RouterOutputs["cache"]["pins"][number];

/** A pin's key: the repo, and its commit ("" for every revision). */
const pinKey = (repo: { repoType: string; repoId: string }, commit: string | null | undefined) =>
  `${repo.repoType}/${repo.repoId}@${commit ?? ""}`;

/** The cache index keeps repo types as text: one the console does not know cannot be opened or purged. */
const repoTypeOf = (value: string) => REPO_TYPES.find((type) => type === value);

/** Pick a distribution, see its cached repos; open one to see its files and purge. */
export function CacheBrowser() {
  const trpc = useTRPC();
  const distributions = useQuery(trpc.distribution.list.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const distributionId = chosen ?? distributions.data?.items[0]?.id ?? null;

  if (distributions.isPending) return <p aria-busy="true">Loading distributions…</p>;
  if (distributions.isError)
    return <p role="alert">Could not load distributions: {distributions.error.message}</p>;
  if (distributions.data.items.length === 0) return <p>No distributions yet: nothing is cached.</p>;
  return (
    <>
      <label className="cache-picker">
        Distribution{" "}
        <select value={distributionId ?? ""} onChange={(event) => setChosen(event.target.value)}>
          {distributions.data.items.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} (/{d.basePath})
            </option>
          ))}
        </select>
      </label>
      {distributionId && <Overview key={distributionId} distributionId={distributionId} />}
      {distributionId && <PurgeJobs key={`purges-${distributionId}`} distributionId={distributionId} />}
      {distributionId && <Prefetch key={`prefetch-${distributionId}`} distributionId={distributionId} />}
    </>
  );
}

function Overview({ distributionId }: { distributionId: string }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.cache.overview.queryOptions({ distributionId }));
  const pins = useQuery(trpc.cache.pins.queryOptions({ distributionId }));
  const pinned = new Map((pins.data ?? []).map((pin) => [pinKey(pin, pin.commit), pin]));
  const [open, setOpen] = useState<SelectedRepo | null>(null);

  if (overview.isPending) return <p aria-busy="true">Loading the cache…</p>;
  if (overview.isError) return <p role="alert">Could not load the cache: {overview.error.message}</p>;
  const { repos, totalBytes, totalFiles } = overview.data;
  return (
    <section aria-label="Cached repositories">
      <p>
        <strong>{formatBytes(totalBytes)}</strong> in {totalFiles} files across {repos.length} repositories.
      </p>
      {repos.length === 0 ? (
        <p>Nothing cached yet. Files appear here after their first download through this distribution.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Repository</th>
                <th>Files</th>
                <th>Size</th>
                <th>Revisions</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {repos.map((repo) => {
                const repoType = repoTypeOf(repo.repoType);
                const selected = repoType && { repoType, repoId: repo.repoId };
                return (
                  <tr key={`${repo.repoType}/${repo.repoId}`}>
                    <td>
                      <button
                        type="button"
                        className="link"
                        disabled={!selected}
                        onClick={() => selected && setOpen(selected)}
                      >
                        {repo.repoType === "model" ? "" : `${repo.repoType}s/`}
                        {repo.repoId}
                      </button>
                    </td>
                    <td>{repo.files}</td>
                    <td>{formatBytes(repo.bytes)}</td>
                    <td>
                      {repo.revisions.map((r) => `${r.revision} → ${r.commit.slice(0, 8)}`).join(", ") ||
                        `${repo.commits} commit(s)`}
                    </td>
                    <td>
                      {selected && (
                        <span className="row-actions">
                          <PinButton
                            distributionId={distributionId}
                            repo={selected}
                            pin={pinned.get(pinKey(selected, null))}
                            what="repo"
                          />
                          <PurgeButton distributionId={distributionId} target={selected} label="Purge repo" />
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <Files distributionId={distributionId} repo={open} pinned={pinned} />}
    </section>
  );
}

function Files({
  distributionId,
  repo,
  pinned,
}: {
  distributionId: string;
  repo: SelectedRepo;
  pinned: ReadonlyMap<string, Pin>;
}) {
  const trpc = useTRPC();
  const files = useQuery(trpc.cache.files.queryOptions({ distributionId, ...repo }));
  if (files.isPending) return <p aria-busy="true">Loading files…</p>;
  if (files.isError) return <p role="alert">Could not load files: {files.error.message}</p>;
  return (
    <section aria-label={`Files of ${repo.repoId}`}>
      <h2>{repo.repoId}</h2>
      {files.data.length === 0 ? (
        <p>No cached files.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Path</th>
                <th>Commit</th>
                <th>Size</th>
                <th>Downloads</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {files.data.map((file) => (
                <tr key={`${file.commit}/${file.path}`}>
                  <td>{file.path}</td>
                  <td>
                    <code>{file.commit.slice(0, 8)}</code>{" "}
                    <span className="row-actions">
                      <PinButton
                        distributionId={distributionId}
                        repo={repo}
                        commit={file.commit}
                        pin={pinned.get(pinKey(repo, file.commit))}
                        what="revision"
                      />
                      <PurgeButton
                        distributionId={distributionId}
                        target={{ ...repo, commit: file.commit }}
                        label="Purge revision"
                      />
                    </span>
                  </td>
                  <td>{formatBytes(file.size)}</td>
                  <td>{file.hits}</td>
                  <td>
                    <PurgeButton
                      distributionId={distributionId}
                      target={{ ...repo, commit: file.commit, path: file.path }}
                      label="Purge file"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Pins a repo or a revision (never evicted, counted in the quota), or unpins it. */
function PinButton({
  distributionId,
  repo,
  commit,
  pin,
  what,
}: {
  distributionId: string;
  repo: SelectedRepo;
  commit?: string;
  pin: Pin | undefined;
  what: "repo" | "revision";
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.cache.pins.queryKey({ distributionId }) });
  const create = useMutation(trpc.cache.pin.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.cache.unpin.mutationOptions({ onSuccess: refresh }));
  const failed = create.error ?? remove.error;
  const name = what === "repo" ? repo.repoId : `revision ${commit?.slice(0, 8) ?? ""}`;
  return (
    <>
      {pin ? (
        <button
          type="button"
          className="secondary small"
          disabled={remove.isPending}
          aria-label={`Unpin ${name}`}
          onClick={() => remove.mutate({ distributionId, pinId: pin.id })}
        >
          {what === "repo" ? "Unpin repo" : "Unpin revision"}
        </button>
      ) : (
        <button
          type="button"
          className="secondary small"
          disabled={create.isPending}
          aria-label={`Pin ${name}`}
          onClick={() =>
            create.mutate({ distributionId, ...repo, ...(commit === undefined ? {} : { revision: commit }) })
          }
        >
          {what === "repo" ? "Pin repo" : "Pin revision"}
        </button>
      )}
      {failed && <FormMessage message={serverErrors(failed).message} />}
    </>
  );
}

/** Queues a purge of a repo, a revision or a file, after asking; the purge list below follows it. */
function PurgeButton({
  distributionId,
  target,
  label,
}: {
  distributionId: string;
  target: PurgeTarget;
  label: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const purge = useMutation(
    trpc.cache.purge.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.cache.purgeJobs.queryKey({ distributionId }) }),
    }),
  );
  const what = target.path ?? (target.commit ? `revision ${target.commit.slice(0, 8)}` : target.repoId);
  return (
    <>
      <ConfirmDelete
        label={label}
        question={`Purge ${what}? It is fetched from the Hub again on next use.`}
        confirm="Yes, purge"
        pending={purge.isPending}
        onConfirm={() => purge.mutate({ distributionId, target })}
      />
      {purge.isError && <FormMessage message={serverErrors(purge.error).message} />}
    </>
  );
}
