"use client";

import { contentTokenInputSchema } from "@hubcache/api/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import {
  CopyText,
  failure,
  field,
  FieldMessages,
  formatDate,
  FormMessage,
  zodFields,
  type Fields,
} from "../teams/ui.tsx";

interface TokenRow {
  id: string;
  name: string;
  teamSlug: string;
  createdAt: Date | string;
  lastUsedAt: Date | string | null;
  expiresAt: Date | string | null;
  revokedAt: Date | string | null;
  status: "active" | "expired" | "revoked";
}

function CreateTokenForm({
  teams,
  onCreated,
}: {
  teams: Array<{ id: string; slug: string; name: string }>;
  onCreated: (created: { token: string; name: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<Fields>({});
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(trpc.token.create.mutationOptions());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const expires = String(values.get("expiresAt") ?? "");
    const data = {
      name: String(values.get("name") ?? ""),
      // A date input gives a day: the token works until the end of it (local time).
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined,
    };
    const parsed = contentTokenInputSchema.safeParse(data);
    if (!parsed.success) {
      setFields(zodFields(parsed.error));
      setMessage("Please correct the marked fields.");
      return;
    }
    setFields({});
    setMessage(null);
    try {
      const team = String(values.get("team") ?? "") || undefined;
      const result = await create.mutateAsync({ team, data });
      form.reset();
      onCreated({ token: result.token, name: result.view.name });
      await queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() });
    } catch (error) {
      const { fields: serverFields, message: serverMessage } = failure(error);
      setFields(serverFields);
      setMessage(serverMessage);
    }
  }

  return (
    <form
      className="ac-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Create an access token"
    >
      <label htmlFor="token-name">
        Name
        <input {...field("token", "name", fields)} placeholder="e.g. ci-runner" autoComplete="off" />
      </label>
      <FieldMessages form="token" name="name" fields={fields} />
      {teams.length > 1 && (
        <label htmlFor="token-team">
          Team
          <select id="token-team" name="team" defaultValue={teams[0]?.id}>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name} ({team.slug})
              </option>
            ))}
          </select>
        </label>
      )}
      {teams.length === 1 && <input type="hidden" name="team" value={teams[0]!.id} />}
      <label htmlFor="token-expiresAt">
        Expires <span className="ac-hint">(optional; empty: never)</span>
        <input {...field("token", "expiresAt", fields)} type="date" />
      </label>
      <FieldMessages form="token" name="expiresAt" fields={fields} />
      <FormMessage message={message} />
      <button type="submit" className="ac-primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create token"}
      </button>
    </form>
  );
}

function NewSecret({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  return (
    <div className="ac-secret" role="region" aria-label="New token secret">
      <strong>Token “{name}” created. Copy it now: it will not be shown again.</strong>
      <div className="ac-secret-row">
        <code data-testid="new-token-secret">{token}</code>
        <CopyText text={token} label="Copy the token" />
      </div>
      <span className="ac-hint">
        Clients send it as <code>Authorization: Bearer …</code> (e.g. <code>HF_TOKEN</code>).
      </span>
      <button type="button" className="ac-secondary" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

function TokenTableRow({ token, canRevoke }: { token: TokenRow; canRevoke: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(
    trpc.token.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() }),
      onSettled: () => setConfirming(false),
    }),
  );
  return (
    <tr aria-label={`token ${token.name}`}>
      <td data-label="Name">
        <strong>{token.name}</strong> <span className="ac-muted">({token.teamSlug})</span>
      </td>
      <td data-label="Created">{formatDate(token.createdAt)}</td>
      <td data-label="Last used">{formatDate(token.lastUsedAt, "never")}</td>
      <td data-label="Expires">{formatDate(token.expiresAt, "never")}</td>
      <td data-label="Status">
        <span className={`badge ac-status-${token.status}`}>{token.status}</span>
      </td>
      <td data-label="Actions">
        {token.status !== "revoked" && canRevoke && (
          <div className="ac-actions">
            {confirming ? (
              <>
                <span>Revoke “{token.name}”?</span>
                <button
                  type="button"
                  className="ac-danger"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate({ id: token.id })}
                >
                  {revoke.isPending ? "Revoking…" : "Yes, revoke"}
                </button>
                <button type="button" className="ac-secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" className="ac-danger" onClick={() => setConfirming(true)}>
                Revoke
              </button>
            )}
          </div>
        )}
        {revoke.error && <FormMessage message={failure(revoke.error).message} />}
      </td>
    </tr>
  );
}

export function TokensConsole() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.token.list.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const changeable = (teams.data ?? []).filter((team) => team.role !== "member");
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
        {created && <NewSecret {...created} onDone={() => setCreated(null)} />}
        {teams.isPending ? (
          <p className="ac-muted" role="status">
            Loading…
          </p>
        ) : changeable.length === 0 ? (
          <p className="ac-muted">Only a team&apos;s owners and admins can create tokens.</p>
        ) : (
          <CreateTokenForm teams={changeable} onCreated={setCreated} />
        )}
      </section>
      <section aria-label="Tokens">
        <h2>Tokens</h2>
        {tokens.isPending ? (
          <p className="ac-muted" role="status">
            Loading tokens…
          </p>
        ) : tokens.isError ? (
          <FormMessage message={failure(tokens.error).message} />
        ) : tokens.data.length === 0 ? (
          <p className="ac-muted">No access tokens yet.</p>
        ) : (
          <table className="ac-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>Status</th>
                <th>
                  <span className="ac-muted">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <TokenTableRow key={token.id} token={token} canRevoke={changeableSlugs.has(token.teamSlug)} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
