"use client";

import {
  distributionInputSchema,
  distributionUpdateSchema,
  distributionWarnings,
} from "@hubcache/services/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type RouterOutputs, useTRPC } from "../../../lib/trpc/client.tsx";
import { ConsoleForm, Field, FieldError, fieldProps, text, useFormErrors } from "../_forms/forms.tsx";
import { TeamChoice } from "../_forms/team-choice.tsx";
import type { Remote } from "../remotes/remote-form.tsx";

/** A distribution as the list shows it. */
export type Distribution = RouterOutputs["distribution"]["list"]["items"][number];

/** Create (no `distribution`) or edit form; validates with the server's schemas before sending. */
export function DistributionForm({
  distribution,
  remotes,
  onDone,
}: {
  distribution?: Distribution;
  remotes: Remote[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
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
    onError: form.fail,
  };
  const create = useMutation(trpc.distribution.create.mutationOptions(settled));
  const update = useMutation(trpc.distribution.update.mutationOptions(settled));

  function submit(values: FormData) {
    const data = {
      name: text(values.get("name")),
      basePath: text(values.get("basePath")),
      remoteId: text(values.get("remoteId")),
      isPublic: values.get("isPublic") === "on",
    };
    if (distribution) {
      const parsed = form.check(distributionUpdateSchema, data);
      if (parsed) update.mutate({ id: distribution.id, data: parsed });
    } else {
      const parsed = form.check(distributionInputSchema, data);
      if (parsed) create.mutate({ team: text(values.get("team")) || undefined, data: parsed });
    }
  }

  const { errors } = form;
  return (
    <ConsoleForm
      title={distribution ? `Edit distribution ${distribution.name}` : "New distribution"}
      message={form.message}
      pending={create.isPending || update.isPending}
      submitLabel={distribution ? "Save changes" : "Create distribution"}
      onSubmit={submit}
      onCancel={onDone}
    >
      {!distribution && <TeamChoice prefix={prefix} errors={errors} />}
      <Field prefix={prefix} name="name" errors={errors} label="Name">
        {(props) => <input {...props} defaultValue={distribution?.name ?? ""} autoComplete="off" required />}
      </Field>
      <Field
        prefix={prefix}
        name="basePath"
        errors={errors}
        label="Base path"
        hint="(lowercase URL segments, e.g. team-a/models)"
      >
        {(props) => (
          <input {...props} defaultValue={distribution?.basePath ?? ""} autoComplete="off" required />
        )}
      </Field>
      <Field prefix={prefix} name="remoteId" errors={errors} label="Remote">
        {(props) => (
          <select
            {...props}
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
        )}
      </Field>
      <div className="field">
        <label className="choice">
          <input
            {...fieldProps(prefix, "isPublic", errors)}
            type="checkbox"
            defaultChecked={distribution?.isPublic ?? true}
            onChange={(event) => setIsPublic(event.target.checked)}
          />
          <span>
            Public <span className="hint">(unchecked: clients need an access token)</span>
          </span>
        </label>
        <FieldError prefix={prefix} name="isPublic" errors={errors} />
        {warnings.map((warning) => (
          <p key={warning} className="form-warning" role="status">
            {warning}
          </p>
        ))}
      </div>
    </ConsoleForm>
  );
}
