"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { clientSnippets } from "../../../lib/client-snippets.ts";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import {
  ConfirmDelete,
  CopyButton,
  EmptyMessage,
  FormMessage,
  ResponsiveTable,
  serverErrors,
  StatusMessage,
} from "../_forms/forms.tsx";
import { DistributionForm, type Distribution } from "./distribution-form.tsx";

function Snippets({ contentUrl, distribution }: { contentUrl: string; distribution: Distribution }) {
  const snippets = clientSnippets(contentUrl, distribution.basePath, distribution.isPublic);
  const blocks = [
    { label: "Shell", text: snippets.shell },
    { label: "Python", text: snippets.python },
    { label: "JavaScript", text: snippets.javascript },
  ];
  return (
    <div className="snippets" aria-label={`snippets ${distribution.name}`}>
      {blocks.map((block) => (
        <div key={block.label} className="snippet">
          <div className="snippet-head">
            <span>{block.label}</span>
            <CopyButton text={block.text} label={`Copy ${block.label} snippet for ${distribution.name}`} />
          </div>
          <pre>{block.text}</pre>
        </div>
      ))}
    </div>
  );
}

function DistributionRow({
  distribution,
  remoteName,
  contentUrl,
  onEdit,
}: {
  distribution: Distribution;
  remoteName: string;
  contentUrl: string;
  onEdit: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showSnippets, setShowSnippets] = useState(false);
  const remove = useMutation(
    trpc.distribution.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.distribution.list.queryKey() }),
    }),
  );
  return (
    <>
      <tr aria-label={`distribution ${distribution.name}`}>
        <td data-label="Name">
          <strong>{distribution.name}</strong>
        </td>
        <td data-label="Base path">
          <code className="wrap">{distribution.basePath}</code>
        </td>
        <td data-label="Remote">{remoteName}</td>
        <td data-label="Access">
          <span className={`badge ${distribution.isPublic ? "" : "badge-on"}`}>
            {distribution.isPublic ? "public" : "private"}
          </span>
        </td>
        <td data-label="Actions">
          <div className="row-actions">
            <button
              type="button"
              className="secondary small"
              aria-expanded={showSnippets}
              onClick={() => setShowSnippets((shown) => !shown)}
            >
              {showSnippets ? "Hide snippets" : "Snippets"}
            </button>
            <button type="button" className="secondary small" onClick={onEdit}>
              Edit
            </button>
            <ConfirmDelete
              label="Delete"
              question={`Delete ${distribution.name}?`}
              confirm="Yes, delete"
              pending={remove.isPending}
              onConfirm={() => remove.mutate({ id: distribution.id })}
            />
          </div>
        </td>
      </tr>
      {(showSnippets || remove.error) && (
        <tr className="detail-row">
          <td colSpan={5}>
            {remove.error && <FormMessage message={serverErrors(remove.error).message} />}
            {showSnippets && <Snippets contentUrl={contentUrl} distribution={distribution} />}
          </td>
        </tr>
      )}
    </>
  );
}

export function DistributionsConsole({ contentUrl }: { contentUrl: string }) {
  const trpc = useTRPC();
  const distributions = useQuery(trpc.distribution.list.queryOptions());
  const remotes = useQuery(trpc.remote.list.queryOptions());
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const items = distributions.data?.items ?? [];
  const remoteItems = remotes.data?.items ?? [];
  const remoteNames = new Map(remoteItems.map((remote) => [remote.id, remote.name]));
  const edited = items.find((distribution) => distribution.id === editing);

  return (
    <>
      <div className="page-header">
        <h1>Distributions</h1>
        <button type="button" onClick={() => setEditing("new")} disabled={editing === "new"}>
          New distribution
        </button>
      </div>
      <p className="muted">
        A distribution serves a remote at a base path of the content server: clients set{" "}
        <code>HF_ENDPOINT</code> to it.
      </p>
      {editing === "new" && (
        <section>
          {remotes.isPending ? (
            <StatusMessage>Loading remotes…</StatusMessage>
          ) : (
            <DistributionForm remotes={remoteItems} onDone={() => setEditing(null)} />
          )}
        </section>
      )}
      {edited && (
        <section>
          <DistributionForm
            key={edited.id}
            distribution={edited}
            remotes={remoteItems}
            onDone={() => setEditing(null)}
          />
        </section>
      )}
      <section aria-label="distributions">
        {distributions.isPending ? (
          <StatusMessage>Loading distributions…</StatusMessage>
        ) : distributions.error ? (
          <FormMessage message={`Could not load the distributions: ${distributions.error.message}`} />
        ) : items.length === 0 ? (
          <EmptyMessage>No distributions yet. Create one to give clients an HF_ENDPOINT.</EmptyMessage>
        ) : (
          <ResponsiveTable columns={["Name", "Base path", "Remote", "Access"]}>
            {items.map((distribution) => (
              <DistributionRow
                key={distribution.id}
                distribution={distribution}
                remoteName={remoteNames.get(distribution.remoteId) ?? "…"}
                contentUrl={contentUrl}
                onEdit={() => setEditing(distribution.id)}
              />
            ))}
          </ResponsiveTable>
        )}
      </section>
    </>
  );
}
