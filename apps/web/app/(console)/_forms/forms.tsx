"use client";

import { isTRPCClientError } from "@trpc/client";
import { useState, type ReactNode } from "react";
import type { z } from "zod";

/** Per-field messages, as the services' ApiError carries them (`{ field: ["message"] }`). */
export type FieldErrors = Record<string, string[]>;

/** The same shape from a failed zod parse in the browser (the schemas are the server's own). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** What a failed tRPC call says: per-field messages (from `error.data.fields`) and a general message. */
export function serverErrors(error: unknown): { fields: FieldErrors; message: string | null } {
  if (isTRPCClientError(error)) {
    const data = error.data as { fields?: FieldErrors } | undefined;
    const fields: FieldErrors = {};
    // "includePatterns.0" is shown next to "includePatterns".
    for (const [key, messages] of Object.entries(data?.fields ?? {})) {
      (fields[key.split(".")[0] ?? key] ??= []).push(...messages);
    }
    const message =
      Object.keys(fields).length > 0 ? "Please correct the fields marked below." : error.message;
    return { fields, message };
  }
  return { fields: {}, message: error instanceof Error ? error.message : "Something went wrong." };
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

/** The messages shown under a field; referenced by the field's aria-describedby. */
export function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {messages.join(" ")}
    </p>
  );
}

/** Props that tie an input to its error messages. */
export function fieldProps(prefix: string, name: string, errors: FieldErrors) {
  const invalid = Boolean(errors[name]?.length);
  return {
    id: `${prefix}-${name}`,
    name,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${prefix}-${name}-error` : undefined,
  };
}

/** A button that copies some text, with a fallback for pages served over plain HTTP. */
/** Copies text, also on a plain-http page where `navigator.clipboard` is unavailable. */
export async function copyToClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

export function CopyButton({ text, label }: { text: string; label: string }) {
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
    <button type="button" className="secondary small" onClick={() => void copy()} aria-label={label}>
      {copied ? "Copied" : "Copy"}
    </button>
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
