"use client";

import { POLICIES, POLICY_DESCRIPTIONS, remoteInputSchema, remoteUpdateSchema } from "@hubcache/api/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import {
  FieldError,
  fieldProps,
  lines,
  optionalNumber,
  serverErrors,
  zodFieldErrors,
  type FieldErrors,
} from "../_forms/forms.tsx";

/** The remote being edited, as the list shows it (the token itself is never sent to the browser). */
export interface EditableRemote {
  id: string;
  name: string;
  hubUrl: string;
  hfTokenSet: boolean;
  policy: (typeof POLICIES)[number];
  connectTimeoutMs: number;
  readTimeoutMs: number;
  includePatterns: string[];
  excludePatterns: string[];
}

/** Create (no `remote`) or edit form; validates with the server's schemas before sending. */
export function RemoteForm({ remote, onDone }: { remote?: EditableRemote; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const prefix = remote ? `remote-${remote.id}` : "remote-new";
  const settled = {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.remote.list.queryKey() });
      onDone();
    },
    onError: (error: unknown) => {
      const found = serverErrors(error);
      setErrors(found.fields);
      setMessage(found.message);
    },
  };
  const create = useMutation(trpc.remote.create.mutationOptions(settled));
  const update = useMutation(trpc.remote.update.mutationOptions(settled));
  const pending = create.isPending || update.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const token = String(form.get("hfToken") ?? "").trim();
    const removeToken = form.get("removeToken") === "on";
    const data = {
      name: String(form.get("name") ?? ""),
      hubUrl: String(form.get("hubUrl") ?? ""),
      policy: String(form.get("policy") ?? "on_demand"),
      connectTimeoutMs: optionalNumber(form.get("connectTimeoutMs")),
      readTimeoutMs: optionalNumber(form.get("readTimeoutMs")),
      includePatterns: lines(form.get("includePatterns")),
      excludePatterns: lines(form.get("excludePatterns")),
      // Write-only: empty keeps the stored token (on edit), "remove" clears it.
      hfToken: removeToken ? null : token || undefined,
    };
    const parsed = (remote ? remoteUpdateSchema : remoteInputSchema).safeParse(data);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setMessage("Please correct the fields marked below.");
      return;
    }
    setErrors({});
    setMessage(null);
    if (remote) update.mutate({ id: remote.id, data });
    else create.mutate({ data });
  }

  const field = (name: string) => fieldProps(prefix, name, errors);
  return (
    <form
      className="console-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={remote ? `Edit remote ${remote.name}` : "New remote"}
    >
      <h2>{remote ? `Edit remote ${remote.name}` : "New remote"}</h2>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${prefix}-name`}>Name</label>
        <input {...field("name")} defaultValue={remote?.name ?? ""} autoComplete="off" required />
        <FieldError id={`${prefix}-name-error`} messages={errors.name} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-hubUrl`}>
          Hub URL
          {remote?.hfTokenSet && (
            <span className="hint"> (another host drops the token unless you enter one below)</span>
          )}
        </label>
        <input
          {...field("hubUrl")}
          type="url"
          defaultValue={remote?.hubUrl ?? "https://huggingface.co"}
          autoComplete="off"
          required
        />
        <FieldError id={`${prefix}-hubUrl-error`} messages={errors.hubUrl} />
      </div>
      <fieldset className="field">
        <legend>Policy</legend>
        {POLICIES.map((policy) => (
          <label key={policy} className="choice">
            <input
              type="radio"
              name="policy"
              value={policy}
              defaultChecked={(remote?.policy ?? "on_demand") === policy}
            />
            <span>
              <strong>{policy}</strong>
              <span className="hint">{POLICY_DESCRIPTIONS[policy]}</span>
            </span>
          </label>
        ))}
        <FieldError id={`${prefix}-policy-error`} messages={errors.policy} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${prefix}-hfToken`}>
          HF token{" "}
          <span className="hint">
            {remote
              ? remote.hfTokenSet
                ? "(set — leave empty to keep)"
                : "(not set — leave empty to keep it unset)"
              : "(optional, for private and gated repos)"}
          </span>
        </label>
        <input
          {...field("hfToken")}
          type="password"
          defaultValue=""
          autoComplete="new-password"
          placeholder={remote?.hfTokenSet ? "leave empty to keep" : "hf_…"}
        />
        <FieldError id={`${prefix}-hfToken-error`} messages={errors.hfToken} />
        {remote?.hfTokenSet && (
          <label className="choice">
            <input type="checkbox" name="removeToken" /> <span>Remove the token</span>
          </label>
        )}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${prefix}-connectTimeoutMs`}>Connect timeout (ms)</label>
          <input
            {...field("connectTimeoutMs")}
            type="number"
            inputMode="numeric"
            min={100}
            defaultValue={remote?.connectTimeoutMs ?? 10_000}
          />
          <FieldError id={`${prefix}-connectTimeoutMs-error`} messages={errors.connectTimeoutMs} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-readTimeoutMs`}>Read timeout (ms)</label>
          <input
            {...field("readTimeoutMs")}
            type="number"
            inputMode="numeric"
            min={100}
            defaultValue={remote?.readTimeoutMs ?? 60_000}
          />
          <FieldError id={`${prefix}-readTimeoutMs-error`} messages={errors.readTimeoutMs} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${prefix}-includePatterns`}>
            Include patterns <span className="hint">(one per line, e.g. org/*; empty: every repo)</span>
          </label>
          <textarea
            {...field("includePatterns")}
            rows={3}
            defaultValue={remote?.includePatterns.join("\n")}
          />
          <FieldError id={`${prefix}-includePatterns-error`} messages={errors.includePatterns} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-excludePatterns`}>
            Exclude patterns <span className="hint">(one per line)</span>
          </label>
          <textarea
            {...field("excludePatterns")}
            rows={3}
            defaultValue={remote?.excludePatterns.join("\n")}
          />
          <FieldError id={`${prefix}-excludePatterns-error`} messages={errors.excludePatterns} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : remote ? "Save changes" : "Create remote"}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
