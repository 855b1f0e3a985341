"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "../auth-client.ts";

function message(status: number, retryAfter: string | null, fallback: string | undefined): string {
  if (status === 429) {
    const seconds = Number(retryAfter);
    return Number.isFinite(seconds) && seconds > 0
      ? `Too many attempts. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`
      : "Too many attempts. Try again in a minute.";
  }
  if (status === 401 || status === 422) return "Wrong username or password.";
  if (status === 403) return "This sign-in request was refused (it did not come from this site's address).";
  return fallback || "Sign-in failed. Try again.";
}

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    let retryAfter: string | null = null;
    const { error: failure } = await authClient.signIn.username(
      { username: String(form.get("username") ?? "").trim(), password: String(form.get("password") ?? "") },
      {
        onError: (context) => {
          retryAfter = context.response.headers.get("x-retry-after");
        },
      },
    );
    if (failure) {
      setError(message(failure.status, retryAfter, failure.message));
      setPending(false);
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form className="auth-form" onSubmit={onSubmit} aria-label="Sign in">
      <label htmlFor="username">Username</label>
      <input
        id="username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
      />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
