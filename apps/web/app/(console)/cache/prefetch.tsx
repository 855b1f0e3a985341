"use client";

import { prefetchFormSchema } from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, type FormEvent } from "react";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { FieldError, fieldProps, FormMessage, text, useFormErrors } from "../_forms/forms.tsx";
import { formatBytes } from "./format.ts";

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
  const form = useFormErrors();
  const start = useMutation(
    trpc.cache.prefetch.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.cache.pathKey() }),
      onError: form.fail,
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const input = form.check(prefetchFormSchema, {
      distributionId,
      repoType: text(values.get("repoType")),
      repoId: text(values.get("repoId")),
      revision: text(values.get("revision")) || "main",
      pin: values.get("pin") === "on",
    });
    if (input) start.mutate(input);
  }
  const prefix = `prefetch-${distributionId}`;
  const { errors } = form;

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
          Repository <input {...fieldProps(prefix, "repoId", errors)} placeholder="org/name" />
        </label>
        <FieldError prefix={prefix} name="repoId" errors={errors} />
        <label>
          Revision <input {...fieldProps(prefix, "revision", errors)} placeholder="main" />
        </label>
        <FieldError prefix={prefix} name="revision" errors={errors} />
        <label className="choice">
          <input type="checkbox" name="pin" /> Pin what it fetches (never evicted)
        </label>
        <button type="submit" disabled={start.isPending}>
          {start.isPending ? "Queuing…" : "Pre-fetch"}
        </button>
        {Object.keys(errors).length === 0 && <FormMessage message={form.message} />}
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
                  {job.pin ? " (pinned)" : ""}
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
