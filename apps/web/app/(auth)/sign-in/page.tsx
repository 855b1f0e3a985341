import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "../../../server/auth/index.ts";
import { SignInForm } from "./sign-in-form.tsx";
import "../auth.css";

export const metadata: Metadata = { title: "Sign in · Hubcache" };

/** Only same-site paths ("/x", not "//host" or "/\host"), so that ?next= cannot redirect elsewhere. */
function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  return next && /^\/(?![/\\])/.test(next) ? next : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await getSessionUser(await headers())) redirect(next);
  return (
    <main className="auth-page">
      <section className="auth-card">
        <h1>Hubcache</h1>
        <p>Sign in to the console.</p>
        <SignInForm next={next} />
      </section>
    </main>
  );
}
