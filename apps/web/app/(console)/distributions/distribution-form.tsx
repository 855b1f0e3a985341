"use client";

import {
  distributionInputSchema,
  distributionUpdateSchema,
  distributionWarnings,
} from "@hubcache/api/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { FieldError, fieldProps, serverErrors, zodFieldErrors, type FieldErrors } from "../_forms/forms.tsx";

export interface EditableDistribution {
  id: string;
  name: string;
  basePath: string;
  remoteId: string;
  isPublic: boolean;
}

/** Create (no `distribution`) or edit form; validates with the server's schemas before sending. */
export function DistributionForm({
  distribution,
  remotes,
  onDone,
}: {
  distribution?: EditableDistribution;
  remotes: Array<{ id: string; name: string; hfTokenSet: boolean }>;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const prefix = distribution ? `distribution-${distribution.id}` : "distribution-new";
  // Followed as they are chosen, to warn before saving (the server says the same in `warnings`).
  const [isPublic, setIsPublic] = useState(distribution?.isPublic ?? true);
  const [remoteId, setRemoteId] = useState(distribution?.remoteId ?? remotes[0]?.id ?? "");
  const warnings = distributionWarnings({
    isPublic,
    remoteHasToken: remotes.find((remote) => remote.id === remoteId)?.hfTokenSet ?? false,
  });
  const settled = {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.distribution.list.queryKey() });
      onDone();
    },
    onError: (error: unknown) => {
      const found = serverErrors(error);
      setErrors(found.fields);
      setMessage(found.message);
    },
  };
  const create = useMutation(trpc.distribution.create.mutationOptions(settled));
  const update = useMutation(trpc.distribution.update.mutationOptions(settled));
  const pending = create.isPending || update.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const data = {
      name: String(form.get("name") ?? ""),
      basePath: String(form.get("basePath") ?? ""),
      remoteId: String(form.get("remoteId") ?? ""),
      isPublic: form.get("isPublic") === "on",
    };
    const parsed = (distribution ? distributionUpdateSchema : distributionInputSchema).safeParse(data);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setMessage("Please correct the fields marked below.");
      return;
    }
    setErrors({});
    setMessage(null);
    if (distribution) update.mutate({ id: distribution.id, data });
    else create.mutate({ data });
  }

  const field = (name: string) => fieldProps(prefix, name, errors);
  return (
    <form
      className="console-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={distribution ? `Edit distribution ${distribution.name}` : "New distribution"}
    >
      <h2>{distribution ? `Edit distribution ${distribution.name}` : "New distribution"}</h2>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${prefix}-name`}>Name</label>
        <input {...field("name")} defaultValue={distribution?.name ?? ""} autoComplete="off" required />
        <FieldError id={`${prefix}-name-error`} messages={errors.name} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-basePath`}>
          Base path <span className="hint">(lowercase URL segments, e.g. team-a/models)</span>
        </label>
        <input
          {...field("basePath")}
          defaultValue={distribution?.basePath ?? ""}
          autoComplete="off"
          required
        />
        <FieldError id={`${prefix}-basePath-error`} messages={errors.basePath} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-remoteId`}>Remote</label>
        <select
          {...field("remoteId")}
          defaultValue={distribution?.remoteId ?? remotes[0]?.id ?? ""}
          onChange={(event) => setRemoteId(event.target.value)}
        >
          {remotes.length === 0 && <option value="">No remotes yet: create one first</option>}
          {remotes.map((remote) => (
            <option key={remote.id} value={remote.id}>
              {remote.name}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-remoteId-error`} messages={errors.remoteId} />
      </div>
      <div className="field">
        <label className="choice">
          <input
            {...field("isPublic")}
            type="checkbox"
            defaultChecked={distribution?.isPublic ?? true}
            onChange={(event) => setIsPublic(event.target.checked)}
          />
          <span>
            Public <span className="hint">(unchecked: clients need an access token)</span>
          </span>
        </label>
        <FieldError id={`${prefix}-isPublic-error`} messages={errors.isPublic} />
        {warnings.map((warning) => (
          <p key={warning} className="form-warning" role="status">
            {warning}
          </p>
        ))}
      </div>
      <div className="actions">
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : distribution ? "Save changes" : "Create distribution"}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
