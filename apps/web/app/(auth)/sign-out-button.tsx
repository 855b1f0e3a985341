"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "./auth-client.ts";
import "./auth.css";

/** Ends the session, then shows the sign-in page. */
export function SignOutButton({ className }: { className?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={className ?? "auth-signout"}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        try {
          await authClient.signOut();
        } finally {
          router.replace("/sign-in");
          router.refresh();
        }
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
