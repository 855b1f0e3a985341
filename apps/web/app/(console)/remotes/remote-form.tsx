"use client";

import {
  POLICIES,
  POLICY_DESCRIPTIONS,
  remoteInputSchema,
  remoteUpdateSchema,
} from "@hubcache/services/schemas";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type RouterOutputs, useTRPC } from "../../../lib/trpc/client.tsx";
import {
  ConsoleForm,
  Field,
  FieldError,
  lines,
  optionalNumber,
  text,
  useFormErrors,
} from "../_forms/forms.tsx";
import { TeamChoice } from "../_forms/team-choice.tsx";

/** A remote as the list shows it (the token itself is never sent to the browser). */
export type Remote = RouterOutputs["remote"]["list"]["items"][number];

/** The two timeouts, with the schema's defaults. */
const TIMEOUTS = [
  { name: "connectTimeoutMs", label: "Connect timeout (ms)", fallback: 10_000 },
  { name: "readTimeoutMs", label: "Read timeout (ms)", fallback: 60_000 },
] as const;

/** Which repos the remote serves, one pattern per line. */
const PATTERNS = [
  {
    name: "includePatterns",
    label: "Include patterns",
    hint: "(one per line, e.g. org/*; empty: every repo)",
  },
  { name: "excludePatterns", label: "Exclude patterns", hint: "(one per line)" },
] as const;

/** Create (no `remote`) or edit form; validates with the server's schemas before sending. */
export function RemoteForm({ remote, onDone }: { remote?: Remote; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const prefix = remote ? `remote-${remote.id}` : "remote-new";
  const settled = {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.remote.list.queryKey() });
      onDone();
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.remote.create.mutationOptions(settled));
  const update = useMutation(trpc.remote.update.mutationOptions(settled));

  function submit(values: FormData) {
    const token = text(values.get("hfToken")).trim();
    const data = {
      name: text(values.get("name")),
      hubUrl: text(values.get("hubUrl")),
      policy: values.get("policy") ?? "on_demand",
      connectTimeoutMs: optionalNumber(values.get("connectTimeoutMs")),
      readTimeoutMs: optionalNumber(values.get("readTimeoutMs")),
      includePatterns: lines(values.get("includePatterns")),
      excludePatterns: lines(values.get("excludePatterns")),
      // Write-only: empty keeps the stored token (on edit), "remove" clears it.
      hfToken: values.get("removeToken") === "on" ? null : token || undefined,
    };
    if (remote) {
      const parsed = form.check(remoteUpdateSchema, data);
      if (parsed) update.mutate({ id: remote.id, data: parsed });
    } else {
      const parsed = form.check(remoteInputSchema, data);
      if (parsed) create.mutate({ team: text(values.get("team")) || undefined, data: parsed });
    }
  }

  const { errors } = form;
  return (
    <ConsoleForm
      title={remote ? `Edit remote ${remote.name}` : "New remote"}
      message={form.message}
      pending={create.isPending || update.isPending}
      submitLabel={remote ? "Save changes" : "Create remote"}
      onSubmit={submit}
      onCancel={onDone}
    >
      {!remote && <TeamChoice prefix={prefix} errors={errors} />}
      <Field prefix={prefix} name="name" errors={errors} label="Name">
        {(props) => <input {...props} defaultValue={remote?.name ?? ""} autoComplete="off" required />}
      </Field>
      <Field
        prefix={prefix}
        name="hubUrl"
        errors={errors}
        label="Hub URL"
        hint={remote?.hfTokenSet && "(another host drops the token unless you enter one below)"}
      >
        {(props) => (
          <input
            {...props}
            type="url"
            defaultValue={remote?.hubUrl ?? "https://huggingface.co"}
            autoComplete="off"
            required
          />
        )}
      </Field>
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
        <FieldError prefix={prefix} name="policy" errors={errors} />
      </fieldset>
      <Field
        prefix={prefix}
        name="hfToken"
        errors={errors}
        label="HF token"
        hint={
          remote
            ? remote.hfTokenSet
              ? "(set — leave empty to keep)"
              : "(not set — leave empty to keep it unset)"
            : "(optional, for private and gated repos)"
        }
      >
        {(props) => (
          <>
            <input
              {...props}
              type="password"
              defaultValue=""
              autoComplete="new-password"
              placeholder={remote?.hfTokenSet ? "leave empty to keep" : "hf_…"}
            />
            {remote?.hfTokenSet && (
              <label className="choice">
                <input type="checkbox" name="removeToken" /> <span>Remove the token</span>
              </label>
            )}
          </>
        )}
      </Field>
      <div className="field-row">
        {TIMEOUTS.map(({ name, label, fallback }) => (
          <Field key={name} prefix={prefix} name={name} errors={errors} label={label}>
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={100}
                defaultValue={remote?.[name] ?? fallback}
              />
            )}
          </Field>
        ))}
      </div>
      <div className="field-row">
        {PATTERNS.map(({ name, label, hint }) => (
          <Field key={name} prefix={prefix} name={name} errors={errors} label={label} hint={hint}>
            {(props) => <textarea {...props} rows={3} defaultValue={remote?.[name].join("\n")} />}
          </Field>
        ))}
      </div>
    </ConsoleForm>
  );
}
