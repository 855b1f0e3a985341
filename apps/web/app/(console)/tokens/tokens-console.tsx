"use client";

import { contentTokenInputSchema } from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
import { canChange } from "../roles.ts";

type Token = RouterOutputs["token"]["list"][number];
type Team = RouterOutputs["team"]["list"][number];

function CreateTokenForm({
  teams,
  onCreated,
}: {
  teams: Team[];
  onCreated: (created: { token: string; name: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const create = useMutation(trpc.token.create.mutationOptions({ onError: form.fail }));

  async function submit(values: FormData, element: HTMLFormElement) {
    const expires = text(values.get("expiresAt"));
    const data = form.check(contentTokenInputSchema, {
      name: text(values.get("name")),
      // A date input gives a day: the token works until the end of it (local time).
      expiresAt: expires ? new Date(`${expires}T23:59:59`) : undefined,
    });
    if (!data) return;
    const result = await create.mutateAsync({ team: text(values.get("team")) || undefined, data });
    element.reset();
    onCreated({ token: result.token, name: result.view.name });
    await queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() });
  }

  return (
    <ConsoleForm
      label="Create an access token"
      message={form.message}
      pending={create.isPending}
      submitLabel="Create token"
      pendingLabel="Creating…"
      onSubmit={submit}
    >
      <Field prefix="token" name="name" errors={form.errors} label="Name">
        {(props) => <input {...props} placeholder="e.g. ci-runner" autoComplete="off" />}
      </Field>
      {teams.length > 1 && (
        <Field prefix="token" name="team" errors={form.errors} label="Team">
          {(props) => (
            <select {...props} defaultValue={teams[0]?.id}>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name} ({team.slug})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {teams.length === 1 && <input type="hidden" name="team" value={teams[0]?.id} />}
      <Field
        prefix="token"
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

function TokenTableRow({ token, canRevoke }: { token: Token; canRevoke: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.token.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() }),
    }),
  );
  return (
    <tr aria-label={`token ${token.name}`}>
      <td data-label="Name">
        <strong>{token.name}</strong> <span className="muted">({token.teamSlug})</span>
      </td>
      <td data-label="Created">{formatDate(token.createdAt)}</td>
      <td data-label="Last used">{formatDate(token.lastUsedAt, "never")}</td>
      <td data-label="Expires">{formatDate(token.expiresAt, "never")}</td>
      <td data-label="Status">
        <span className={`badge status-${token.status}`}>{token.status}</span>
      </td>
      <td data-label="Actions">
        {token.status !== "revoked" && canRevoke && (
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

export function TokensConsole() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.token.list.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const changeable = (teams.data ?? []).filter((team) => canChange(team.role));
  const changeableSlugs = new Set(changeable.map((team) => team.slug));

  return (
    <>
      <h1>Access tokens</h1>
      <p>
        Private distributions answer only requests with one of their team&apos;s tokens. A revoked token stops
        working within a few seconds.
      </p>
      <section aria-label="Create a token">
        <h2>New token</h2>
        {created && (
          <NewSecret {...created} onDone={() => setCreated(null)}>
            Clients send it as <code>Authorization: Bearer …</code> (e.g. <code>HF_TOKEN</code>).
          </NewSecret>
        )}
        {teams.isPending ? (
          <StatusMessage>Loading…</StatusMessage>
        ) : changeable.length === 0 ? (
          <p className="muted">Only a team&apos;s owners and admins can create tokens.</p>
        ) : (
          <CreateTokenForm teams={changeable} onCreated={setCreated} />
        )}
      </section>
      <section aria-label="Tokens">
        <h2>Tokens</h2>
        {tokens.isPending ? (
          <StatusMessage>Loading tokens…</StatusMessage>
        ) : tokens.isError ? (
          <FormMessage message={serverErrors(tokens.error).message} />
        ) : tokens.data.length === 0 ? (
          <EmptyMessage>No access tokens yet.</EmptyMessage>
        ) : (
          <ResponsiveTable columns={["Name", "Created", "Last used", "Expires", "Status"]}>
            {tokens.data.map((token) => (
              <TokenTableRow key={token.id} token={token} canRevoke={changeableSlugs.has(token.teamSlug)} />
            ))}
          </ResponsiveTable>
        )}
      </section>
    </>
  );
}
