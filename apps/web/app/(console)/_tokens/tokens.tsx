"use client";

import type { FieldErrors } from "@hubcache/services";
import type { contentTokenInputSchema } from "@hubcache/services/schemas";
import { useMutation, type UseMutationOptions, type UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { z } from "zod";
import type { RouterOutputs } from "../../../lib/trpc/client.tsx";
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

/**
 * What the two token pages share: access tokens (a team's, for its private distributions) and personal API
 * tokens (a user's, for the REST API) are made with a name and an optional expiry, shown once, listed with
 * their status and revoked the same way. Each page passes its own tRPC procedures and words.
 */

/** What every token shows (an access token also has its team). */
type TokenView = RouterOutputs["apiToken"]["list"][number];
/** A token just made: its secret, shown once, and its view. */
type CreatedToken = RouterOutputs["apiToken"]["create"];
/** Name and expiry, as both kinds of token take them (the services' schema for each kind). */
type TokenInput = z.output<typeof contentTokenInputSchema>;

/**
 * The "New token" part of a page: the form, then the secret of the token it made until dismissed.
 * `form` renders the form, given what to call with the new token; `hint` says how clients send it.
 */
export function NewToken({
  label,
  title,
  hint,
  form,
}: {
  label: string;
  title: string;
  hint: ReactNode;
  form: (onCreated: (created: CreatedToken) => void) => ReactNode;
}) {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  return (
    <section aria-label={label}>
      <h2>{title}</h2>
      {created && (
        <NewSecret token={created.token} name={created.view.name} onDone={() => setCreated(null)}>
          {hint}
        </NewSecret>
      )}
      {form(setCreated)}
    </section>
  );
}

/**
 * A token's name and expiry (a day: the token works until the end of it, local time), validated with
 * `schema`, then sent by `create` as `input(data, values)`; `children` adds fields before the expiry.
 */
export function TokenForm<TCreated extends CreatedToken, TInput, TError, TContext>({
  prefix,
  label,
  submitLabel,
  namePlaceholder,
  schema,
  create,
  input,
  onCreated,
  children,
}: {
  prefix: string;
  label: string;
  submitLabel: string;
  namePlaceholder: string;
  schema: z.ZodType<TokenInput>;
  create: UseMutationOptions<TCreated, TError, TInput, TContext>;
  input: (data: TokenInput, values: FormData) => TInput;
  onCreated: (created: CreatedToken) => void;
  children?: (errors: FieldErrors) => ReactNode;
}) {
  const form = useFormErrors();
  const mutation = useMutation({ ...create, onError: form.fail });

  async function submit(values: FormData, element: HTMLFormElement) {
    const expires = text(values.get("expiresAt"));
    const data = form.check(schema, {
      name: text(values.get("name")),
      expiresAt: expires ? new Date(`${expires}T23:59:59`) : undefined,
    });
    if (!data) return;
    const result = await mutation.mutateAsync(input(data, values));
    element.reset();
    onCreated(result);
  }

  return (
    <ConsoleForm
      label={label}
      message={form.message}
      pending={mutation.isPending}
      submitLabel={submitLabel}
      pendingLabel="Creating…"
      onSubmit={submit}
    >
      <Field prefix={prefix} name="name" errors={form.errors} label="Name">
        {(props) => <input {...props} placeholder={namePlaceholder} autoComplete="off" />}
      </Field>
      {children?.(form.errors)}
      <Field
        prefix={prefix}
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

/**
 * The list of `tokens` (a tRPC query), a row each: name, dates, status, and Revoke while the token works and
 * `canRevoke` says so. `rowLabel` names a row ("token", "API token"), `describe` adds to its name.
 */
export function TokenTable<T extends TokenView, TError, TRevoked, TContext>({
  tokens,
  loading,
  empty,
  rowLabel,
  describe,
  canRevoke = () => true,
  revoke,
}: {
  tokens: UseQueryResult<T[], TError>;
  loading: string;
  empty: string;
  rowLabel: string;
  describe?: (token: T) => ReactNode;
  canRevoke?: (token: T) => boolean;
  revoke: UseMutationOptions<TRevoked, TError, { id: string }, TContext>;
}) {
  if (tokens.isPending) return <StatusMessage>{loading}</StatusMessage>;
  if (tokens.isError) return <FormMessage message={serverErrors(tokens.error).message} />;
  if (tokens.data.length === 0) return <EmptyMessage>{empty}</EmptyMessage>;
  return (
    <ResponsiveTable columns={["Name", "Created", "Last used", "Expires", "Status"]}>
      {tokens.data.map((token) => (
        <TokenRow
          key={token.id}
          token={token}
          label={`${rowLabel} ${token.name}`}
          description={describe?.(token)}
          canRevoke={canRevoke(token)}
          revoke={revoke}
        />
      ))}
    </ResponsiveTable>
  );
}

function TokenRow<TError, TRevoked, TContext>({
  token,
  label,
  description,
  canRevoke,
  revoke: options,
}: {
  token: TokenView;
  label: string;
  description: ReactNode;
  canRevoke: boolean;
  revoke: UseMutationOptions<TRevoked, TError, { id: string }, TContext>;
}) {
  const revoke = useMutation(options);
  return (
    <tr aria-label={label}>
      <td data-label="Name">
        <strong>{token.name}</strong>
        {description && <> {description}</>}
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
