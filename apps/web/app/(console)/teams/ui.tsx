"use client";

import { isTRPCClientError } from "@trpc/client";
import { useState } from "react";
import { copyToClipboard, zodFieldErrors, type FieldErrors } from "../_forms/forms.tsx";

/** Per-field messages (`{ field: ["message"] }`), from zod in the browser or `error.data.fields`. */
export type Fields = FieldErrors;
export { zodFieldErrors as zodFields };

/** A failed tRPC call: its per-field messages and a general message. */
export function failure(error: unknown): { fields: Fields; message: string } {
  if (isTRPCClientError(error)) {
    const fields = ((error.data as { fields?: Fields } | undefined)?.fields ?? {}) as Fields;
    return {
      fields,
      message: Object.keys(fields).length > 0 ? "Please correct the marked fields." : error.message,
    };
  }
  return { fields: {}, message: error instanceof Error ? error.message : "Something went wrong." };
}

/** id, name and aria attributes tying an input to its messages. */
export function field(form: string, name: string, fields: Fields) {
  const invalid = Boolean(fields[name]?.length);
  return {
    id: `${form}-${name}`,
    name,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${form}-${name}-error` : undefined,
  };
}

export function FieldMessages({ form, name, fields }: { form: string; name: string; fields: Fields }) {
  const messages = fields[name];
  if (!messages?.length) return null;
  return (
    <p className="ac-error" id={`${form}-${name}-error`} role="alert">
      {messages.join(" ")}
    </p>
  );
}

export function FormMessage({ message }: { message: string | null }) {
  return message ? (
    <p className="ac-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is unavailable (plain HTTP). */
export function CopyText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await copyToClipboard(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }
  return (
    <button type="button" className="ac-secondary" onClick={() => void copy()} aria-label={label}>
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

export const formatDate = (value: Date | string | null, empty = "—") =>
  value ? new Date(value).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : empty;
