"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc/client.tsx";
import { EmptyMessage } from "../_forms/forms.tsx";
import { formatBytes } from "./format.ts";

type PurgeJob = RouterOutputs["cache"]["purgeJobs"][number];

const isActive = (job: { status: string }) => job.status === "queued" || job.status === "running";

/** "gpt2", "gpt2 @607a30d7", "gpt2 @607a30d7 config.json". */
const what = (job: PurgeJob) =>
  `${job.repoType === "model" ? "" : `${job.repoType}s/`}${job.repoId}` +
  `${job.commit ? ` @${job.commit.slice(0, 8)}` : ""}${job.path ? ` ${job.path}` : ""}`;

/**
 * The distribution's purges: the content server carries them out (it owns the bytes), so each is a job
 * with a state and, once done, what went. Polled while one is queued or running; when one ends, the
 * cache browser above is refreshed.
 */
export function PurgeJobs({ distributionId }: { distributionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery({
    ...trpc.cache.purgeJobs.queryOptions({ distributionId }),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? 1000 : false),
  });
  // The jobs seen finished: when one more finishes (even one that was done before it was ever seen
  // running: the content server can be quicker than the poll), the cache browser is refreshed.
  const finished = jobs.data
    ?.filter((job) => !isActive(job))
    .map((job) => job.id)
    .join(",");
  const seenFinished = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (finished === undefined) return;
    if (seenFinished.current !== undefined && seenFinished.current !== finished) {
      void Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.cache.overview.queryKey({ distributionId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.cache.files.pathKey() }),
      ]);
    }
    seenFinished.current = finished;
  }, [finished, distributionId, queryClient, trpc]);

  return (
    <section aria-label="Purges">
      <h2>Purges</h2>
      {jobs.isPending ? (
        <p aria-busy="true">Loading purges…</p>
      ) : jobs.isError ? (
        <p role="alert">Could not load purges: {jobs.error.message}</p>
      ) : jobs.data.length === 0 ? (
        <EmptyMessage>No purges yet.</EmptyMessage>
      ) : (
        <ul className="jobs">
          {jobs.data.slice(0, 10).map((job) => (
            <li key={job.id} aria-label={`purge ${what(job)}`}>
              <span>
                {what(job)} — <strong>{job.status}</strong>
              </span>
              <small>
                {job.status === "done"
                  ? `${job.files} files, ${job.blobs} stored blobs, ${formatBytes(job.bytes)} removed`
                  : job.status === "failed"
                    ? `Failed: ${job.error ?? "no reason given"}`
                    : "Waiting for the content server…"}{" "}
                — by {job.requestedBy}
              </small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
