"use client";

import { apiTokenInputSchema } from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc/client.tsx";
import {
  ConfirmDelete,
  ConsoleForm,
  EmptyMessage,
  Field,
  formatDate,
  FormMessage,
  NewSecret,
  ResponsiveTable,
  serverErrors,
  StatusMessage,
  text,
  useFormErrors,
} from "../_forms/forms.tsx";

type ApiToken = RouterOutputs["apiToken"]["list"][number];
type Created = { token: string; name: string };

function CreateApiTokenForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const create = useMutation(trpc.apiToken.create.mutationOptions({ onError: form.fail }));

  async function submit(values: FormData, element: HTMLFormElement) {
    const expires = text(values.get("expiresAt"));
    const data = form.check(apiTokenInputSchema, {
      name: text(values.get("name")),
      // A date input gives a day: the token works until the end of it (local time).
      expiresAt: expires ? new Date(`${expires}T23:59:59`) : undefined,
    });
    if (!data) return;
    const result = await create.mutateAsync({ data });
    element.reset();
    onCreated({ token: result.token, name: result.view.name });
    await queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() });
  }

  return (
    <ConsoleForm
      label="Create an API token"
      message={form.message}
      pending={create.isPending}
      submitLabel="Create API token"
      pendingLabel="Creating…"
      onSubmit={submit}
    >
      <Field prefix="api-token" name="name" errors={form.errors} label="Name">
        {(props) => <input {...props} placeholder="e.g. laptop or ci" autoComplete="off" />}
      </Field>
      <Field
        prefix="api-token"
        name="expiresAt"
        errors={form.errors}
        label="Expires"
        hint="(optional; empty: never)"
      >
        {(props) => <input {...props} type="date" />}
      </Field>
    </ConsoleForm>
  );
}

function ApiTokenTableRow({ token }: { token: ApiToken }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiToken.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() }),
    }),
  );
  return (
    <tr aria-label={`API token ${token.name}`}>
      <td data-label="Name">
        <strong>{token.name}</strong>
      </td>
      <td data-label="Created">{formatDate(token.createdAt)}</td>
      <td data-label="Last used">{formatDate(token.lastUsedAt, "never")}</td>
      <td data-label="Expires">{formatDate(token.expiresAt, "never")}</td>
      <td data-label="Status">
        <span className={`badge status-${token.status}`}>{token.status}</span>
      </td>
      <td data-label="Actions">
        {token.status !== "revoked" && (
          <div className="row-actions">
            <ConfirmDelete
              label="Revoke"
              question={`Revoke “${token.name}”?`}
              confirm="Yes, revoke"
              pending={revoke.isPending}
              onConfirm={() => revoke.mutate({ id: token.id })}
            />
          </div>
        )}
        {revoke.error && <FormMessage message={serverErrors(revoke.error).message} />}
      </td>
    </tr>
  );
}

/** The signed-in user's personal API tokens: for the REST API and the `hubcache` CLI. */
export function ApiTokensConsole({ apiUrl }: { apiUrl: string }) {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.apiToken.list.queryOptions());
  const [created, setCreated] = useState<Created | null>(null);

  return (
    <>
      <h1>API tokens</h1>
      <p>
        Personal tokens for the REST API and the <code>hubcache</code> CLI: a token acts as you, in your teams
        and with your roles, and is yours alone. A revoked or expired token is refused at once. See the{" "}
        <Link href="/api-reference">API reference</Link>.
      </p>
      <section aria-label="Create an API token">
        <h2>New API token</h2>
        {created && (
          <NewSecret {...created} onDone={() => setCreated(null)}>
            Send it as <code>Authorization: Bearer …</code>, e.g.{" "}
            <code className="wrap">
              curl -H &quot;Authorization: Bearer $HUBCACHE_TOKEN&quot; {apiUrl}users/me/
            </code>{" "}
            or <code className="wrap">hubcache login --url … --token …</code>.
          </NewSecret>
        )}
        <CreateApiTokenForm onCreated={setCreated} />
      </section>
      <section aria-label="API tokens">
        <h2>Your API tokens</h2>
        {tokens.isPending ? (
          <StatusMessage>Loading API tokens…</StatusMessage>
        ) : tokens.isError ? (
          <FormMessage message={serverErrors(tokens.error).message} />
        ) : tokens.data.length === 0 ? (
          <EmptyMessage>No API tokens yet.</EmptyMessage>
        ) : (
          <ResponsiveTable columns={["Name", "Created", "Last used", "Expires", "Status"]}>
            {tokens.data.map((token) => (
              <ApiTokenTableRow key={token.id} token={token} />
            ))}
          </ResponsiveTable>
        )}
      </section>
    </>
  );
}
