"use client";

import { prefetchInputSchema } from "@hubcache/api/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { formatBytes } from "./format.ts";

type FieldErrors = Record<string, string[] | undefined>;

const isActive = (job: { status: string }) => job.status === "queued" || job.status === "running";

/** Queue a repo to be fetched ahead of use, and watch the jobs' progress (polled while any is active). */
export function Prefetch({ distributionId }: { distributionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery({
    ...trpc.cache.prefetchJobs.queryOptions({ distributionId }),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? 1000 : false),
  });
  // When the last active job finishes, the cache overview above has new repos and files to show.
  const active = jobs.data?.some(isActive) ?? false;
  const wasActive = useRef(false);
  useEffect(() => {
    if (wasActive.current && !active) {
      void queryClient.invalidateQueries({ queryKey: trpc.cache.overview.queryKey({ distributionId }) });
    }
    wasActive.current = active;
  }, [active, distributionId, queryClient, trpc]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const start = useMutation(
    trpc.cache.prefetch.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.cache.pathKey() }),
      onError: (error) => setErrors((error.data as { fields?: FieldErrors } | undefined)?.fields ?? {}),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      distributionId,
      repoType: form.get("repoType"),
      repoId: form.get("repoId"),
      revision: form.get("revision") || "main",
    };
    const parsed = prefetchInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(parsed.error.flatten().fieldErrors);
      return;
    }
    setErrors({});
    start.mutate(parsed.data);
  }

  return (
    <section aria-label="Pre-fetch" className="prefetch">
      <h2>Pre-fetch a repository</h2>
      <p>Fetch every file of a repo at a revision into this distribution's cache ahead of use.</p>
      <form onSubmit={submit} noValidate>
        <label>
          Type{" "}
          <select name="repoType" defaultValue="model">
            <option value="model">model</option>
            <option value="dataset">dataset</option>
            <option value="space">space</option>
          </select>
        </label>
        <label>
          Repository <input name="repoId" placeholder="org/name" aria-invalid={Boolean(errors.repoId)} />
        </label>
        {errors.repoId && <span className="field-error">{errors.repoId[0]}</span>}
        <label>
          Revision <input name="revision" placeholder="main" aria-invalid={Boolean(errors.revision)} />
        </label>
        {errors.revision && <span className="field-error">{errors.revision[0]}</span>}
        <button type="submit" disabled={start.isPending}>
          {start.isPending ? "Queuing…" : "Pre-fetch"}
        </button>
        {start.isError && !Object.keys(errors).length && <span role="alert">{start.error.message}</span>}
      </form>
      {jobs.isPending ? (
        <p aria-busy="true">Loading jobs…</p>
      ) : jobs.isError ? (
        <p role="alert">Could not load jobs: {jobs.error.message}</p>
      ) : jobs.data.length === 0 ? (
        <p>No pre-fetch jobs yet.</p>
      ) : (
        <ul className="jobs">
          {jobs.data.map((job) => {
            const percent =
              job.totalBytes > 0
                ? Math.round((job.doneBytes / job.totalBytes) * 100)
                : job.status === "done"
                  ? 100
                  : 0;
            return (
              <li key={job.id} aria-label={`pre-fetch ${job.repoId}`}>
                <span>
                  {job.repoType === "model" ? "" : `${job.repoType}s/`}
                  {job.repoId}@{job.revision} — <strong>{job.status}</strong>
                </span>
                <progress max={100} value={percent} aria-label={`${job.repoId} progress`}>
                  {percent}%
                </progress>
                <small>
                  {job.doneFiles}/{job.totalFiles} files, {formatBytes(job.doneBytes)} of{" "}
                  {formatBytes(job.totalBytes)}
                  {job.error ? ` — ${job.error}` : ""}
                </small>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
