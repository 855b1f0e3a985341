"use client";

import type { FieldErrors } from "@hubcache/services";
import { fieldErrorsOf, NON_FIELD_ERRORS } from "@hubcache/services/field-errors";
import { isTRPCClientError } from "@trpc/client";
import { useState, type ReactNode } from "react";
import type { z } from "zod";
import type { AppRouter } from "../../../server/trpc/root.ts";

/**
 * The console's one form kit: validation with the server's own schemas, the server's field messages,
 * fields tied to their messages, copy buttons, confirmations, dates.
 */

/** What a form says above its fields when some are wrong. */
const CORRECT_FIELDS = "Please correct the fields marked below.";

/**
 * Field messages as a form shows them: a path's messages ("includePatterns.0") at its field
 * ("includePatterns"); messages about the input as a whole become the form's message.
 */
function shownAtFields(byPath: FieldErrors): { fields: FieldErrors; message: string } {
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const [path, messages] of Object.entries(byPath)) {
    if (path === NON_FIELD_ERRORS) general.push(...messages);
    else (fields[path.split(".")[0] ?? path] ??= []).push(...messages);
  }
  return { fields, message: general.length > 0 ? general.join(" ") : CORRECT_FIELDS };
}

/** What a failed tRPC call says: per-field messages (from `error.data.fields`) and a general message. */
export function serverErrors(error: unknown): { fields: FieldErrors; message: string } {
  if (isTRPCClientError<AppRouter>(error)) {
    const byPath = error.data?.fields ?? {};
    return Object.keys(byPath).length > 0 ? shownAtFields(byPath) : { fields: {}, message: error.message };
  }
  return { fields: {}, message: error instanceof Error ? error.message : "Something went wrong." };
}

/**
 * A form's messages: `check` validates with a shared schema in the browser (nothing is sent when it
 * fails), `fail` shows what the server refused, field by field.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  return {
    errors,
    message,
    /** The parsed input, or null after showing the schema's messages. */
    check<S extends z.ZodType>(schema: S, data: unknown): z.output<S> | null {
      const parsed = schema.safeParse(data);
      if (parsed.success) {
        setErrors({});
        setMessage(null);
        return parsed.data;
      }
      const shown = shownAtFields(fieldErrorsOf(parsed.error));
      setErrors(shown.fields);
      setMessage(shown.message);
      return null;
    },
    fail(error: unknown) {
      const found = serverErrors(error);
      setErrors(found.fields);
      setMessage(found.message);
    },
  };
}

/** Lines of a textarea, trimmed, without blank ones. */
export const lines = (value: FormDataEntryValue | null): string[] =>
  String(value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** A number input's value, or undefined when left empty (the schema's default applies). */
export const optionalNumber = (value: FormDataEntryValue | null): number | undefined => {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : Number(text);
};

/** A text input's value ("" when missing). */
export const text = (value: FormDataEntryValue | null): string => String(value ?? "");

/** Props that tie an input to its error messages (see FieldError). */
export function fieldProps(prefix: string, name: string, errors: FieldErrors) {
  const invalid = Boolean(errors[name]?.length);
  return {
    id: `${prefix}-${name}`,
    name,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${prefix}-${name}-error` : undefined,
  };
}

/** The messages shown under a field; the field refers to them (fieldProps). */
export function FieldError({ prefix, name, errors }: { prefix: string; name: string; errors: FieldErrors }) {
  const messages = errors[name];
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={`${prefix}-${name}-error`} role="alert">
      {messages.join(" ")}
    </p>
  );
}

/** A form's or a call's general message. */
export function FormMessage({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A labelled field and its messages; `children` renders the input with the props that tie them. */
export function Field({
  prefix,
  name,
  errors,
  label,
  hint,
  children,
}: {
  prefix: string;
  name: string;
  errors: FieldErrors;
  label: ReactNode;
  hint?: ReactNode;
  children: (props: ReturnType<typeof fieldProps>) => ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={`${prefix}-${name}`}>
        {label}
        {hint && <span className="hint"> {hint}</span>}
      </label>
      {children(fieldProps(prefix, name, errors))}
      <FieldError prefix={prefix} name={name} errors={errors} />
    </div>
  );
}

/**
 * A console form: its title (when it has one), its general message, the fields, then submit (and cancel,
 * when it can be cancelled). `onSubmit` gets the values; a rejection has been shown by `useFormErrors`.
 */
export function ConsoleForm({
  label,
  title,
  message,
  pending,
  submitLabel,
  pendingLabel = "Saving…",
  onSubmit,
  onCancel,
  children,
}: {
  /** The form's accessible name (default: its title). */
  label?: string;
  title?: string;
  message: string | null;
  pending: boolean;
  submitLabel: string;
  pendingLabel?: string;
  onSubmit: (values: FormData, form: HTMLFormElement) => void | Promise<void>;
  onCancel?: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="console-form"
      noValidate
      aria-label={label ?? title}
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        void Promise.resolve(onSubmit(new FormData(form), form)).catch(() => undefined);
      }}
    >
      {title && <h2>{title}</h2>}
      <FormMessage message={message} />
      {children}
      <div className="actions">
        <button type="submit" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** A table that becomes one card per row on narrow screens; the last column holds the row's actions. */
export function ResponsiveTable({ columns, children }: { columns: string[]; children: ReactNode }) {
  return (
    <table className="responsive-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Copies text, also on a plain-http page where `navigator.clipboard` is unavailable. */
export async function copyToClipboard(value: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

/** A button that copies some text and says so for two seconds. */
export function CopyButton({ text: value, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await copyToClipboard(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }
  return (
    <button type="button" className="secondary small" onClick={() => void copy()} aria-label={label}>
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

/**
 * A secret just created (an access or API token): shown this once, with a copy button, until dismissed.
 * `children` says how clients send it.
 */
export function NewSecret({
  token,
  name,
  onDone,
  children,
}: {
  token: string;
  name: string;
  onDone: () => void;
  children: ReactNode;
}) {
  return (
    <div className="secret" role="region" aria-label="New token secret">
      <strong>Token “{name}” created. Copy it now: it will not be shown again.</strong>
      <div className="secret-row">
        <code data-testid="new-token-secret">{token}</code>
        <CopyButton text={token} label="Copy the token" />
      </div>
      <span className="hint">{children}</span>
      <button type="button" className="secondary" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

/**
 * A destructive action that asks first: the `label` button turns into the `question`, a danger button
 * `confirm` and "Cancel".
 */
export function ConfirmDelete({
  label,
  question,
  confirm,
  pending,
  onConfirm,
}: {
  label: string;
  question: string;
  confirm: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="danger small" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <span>{question}</span>
      <button type="button" className="danger small" disabled={pending} onClick={onConfirm}>
        {confirm}
      </button>
      <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}

/** An empty list: said plainly (role "status" is kept for what is still loading). */
export function EmptyMessage({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

/** Something still loading. */
export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <p className="muted" role="status">
      {children}
    </p>
  );
}

/** "12 Mar 2025, 14:05"; `empty` for no date. */
export const formatDate = (value: Date | null, empty = "—") =>
  value ? value.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : empty;
