"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc/client.tsx";
import {
  ConfirmDelete,
  EmptyMessage,
  FormMessage,
  ResponsiveTable,
  serverErrors,
  StatusMessage,
} from "../_forms/forms.tsx";
import { RemoteForm, type Remote } from "./remote-form.tsx";

function ConnectionReport({ result }: { result: RouterOutputs["remote"]["testConnection"] }) {
  const http = result.status !== undefined ? `HTTP ${result.status}` : null;
  const timing = result.latencyMs !== undefined ? `${result.latencyMs} ms` : null;
  const details = [http, timing].filter(Boolean).join(", ");
  return (
    <div className={`connection ${result.reachable && result.tokenValid !== false ? "ok" : "bad"}`}>
      <strong>{result.reachable ? "Reachable" : "Unreachable"}</strong>
      {details && <span> ({details})</span>}
      {" · "}
      {result.tokenValid === null
        ? "token not checked"
        : result.tokenValid
          ? `token valid${result.user ? ` (user ${result.user})` : ""}`
          : "token refused"}
      {result.error && <div className="muted">{result.error}</div>}
    </div>
  );
}

function RemoteRow({ remote, onEdit }: { remote: Remote; onEdit: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(trpc.remote.testConnection.mutationOptions());
  const remove = useMutation(
    trpc.remote.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.remote.list.queryKey() }),
    }),
  );
  return (
    <>
      <tr aria-label={`remote ${remote.name}`}>
        <td data-label="Name">
          <strong>{remote.name}</strong>
        </td>
        <td data-label="Hub URL">
          <code className="wrap">{remote.hubUrl}</code>
        </td>
        <td data-label="Policy">{remote.policy}</td>
        <td data-label="HF token">
          <span className={`badge ${remote.hfTokenSet ? "badge-on" : ""}`}>
            {remote.hfTokenSet ? "token set" : "not set"}
          </span>
        </td>
        <td data-label="Actions">
          <div className="row-actions">
            <button type="button" className="secondary small" onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              className="secondary small"
              disabled={test.isPending}
              onClick={() => test.mutate({ id: remote.id })}
            >
              {test.isPending ? "Testing…" : "Test connection"}
            </button>
            <ConfirmDelete
              label="Delete"
              question={`Delete ${remote.name}?`}
              confirm="Yes, delete"
              pending={remove.isPending}
              onConfirm={() => remove.mutate({ id: remote.id })}
            />
          </div>
        </td>
      </tr>
      {(test.data || test.error || remove.error) && (
        <tr className="detail-row">
          <td colSpan={5} aria-label={`connection ${remote.name}`} aria-live="polite">
            {test.data && <ConnectionReport result={test.data} />}
            {test.error && <FormMessage message={serverErrors(test.error).message} />}
            {remove.error && <FormMessage message={serverErrors(remove.error).message} />}
          </td>
        </tr>
      )}
    </>
  );
}

export function RemotesConsole() {
  const trpc = useTRPC();
  const remotes = useQuery(trpc.remote.list.queryOptions());
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const items = remotes.data?.items ?? [];
  const edited = items.find((remote) => remote.id === editing);

  return (
    <>
      <div className="page-header">
        <h1>Remotes</h1>
        <button type="button" onClick={() => setEditing("new")} disabled={editing === "new"}>
          New remote
        </button>
      </div>
      <p className="muted">
        A remote is an upstream Hub: where files come from, with which token, and whether they are kept.
      </p>
      {editing === "new" && (
        <section>
          <RemoteForm onDone={() => setEditing(null)} />
        </section>
      )}
      {edited && (
        <section>
          <RemoteForm key={edited.id} remote={edited} onDone={() => setEditing(null)} />
        </section>
      )}
      <section aria-label="remotes">
        {remotes.isPending ? (
          <StatusMessage>Loading remotes…</StatusMessage>
        ) : remotes.error ? (
          <FormMessage message={`Could not load the remotes: ${remotes.error.message}`} />
        ) : items.length === 0 ? (
          <EmptyMessage>No remotes yet. Create one to point a distribution at the Hub.</EmptyMessage>
        ) : (
          <ResponsiveTable columns={["Name", "Hub URL", "Policy", "HF token"]}>
            {items.map((remote) => (
              <RemoteRow key={remote.id} remote={remote} onEdit={() => setEditing(remote.id)} />
            ))}
          </ResponsiveTable>
        )}
      </section>
    </>
  );
}
