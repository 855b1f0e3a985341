"use client";

import { prefetchFormSchema, REPO_TYPES } from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import {
  ConsoleForm,
  EmptyMessage,
  Field,
  FormMessage,
  StatusMessage,
  text,
  useFormErrors,
} from "../_forms/forms.tsx";
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

  function submit(values: FormData) {
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
    <section aria-label="Pre-fetch">
      <h2>Pre-fetch a repository</h2>
      <p>Fetch every file of a repo at a revision into this distribution's cache ahead of use.</p>
      <ConsoleForm
        message={form.message}
        pending={start.isPending}
        submitLabel="Pre-fetch"
        pendingLabel="Queuing…"
        onSubmit={submit}
      >
        <div className="field-row">
          <Field prefix={prefix} name="repoType" errors={errors} label="Type">
            {(props) => (
              <select {...props} defaultValue="model">
                {REPO_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field prefix={prefix} name="repoId" errors={errors} label="Repository">
            {(props) => <input {...props} placeholder="org/name" />}
          </Field>
          <Field prefix={prefix} name="revision" errors={errors} label="Revision">
            {(props) => <input {...props} placeholder="main" />}
          </Field>
        </div>
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="pin" /> <span>Pin what it fetches (never evicted)</span>
          </label>
        </div>
      </ConsoleForm>
      {jobs.isPending ? (
        <StatusMessage>Loading jobs…</StatusMessage>
      ) : jobs.isError ? (
        <FormMessage message={`Could not load jobs: ${jobs.error.message}`} />
      ) : jobs.data.length === 0 ? (
        <EmptyMessage>No pre-fetch jobs yet.</EmptyMessage>
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
