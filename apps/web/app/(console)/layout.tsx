import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { TrpcProvider } from "../../lib/trpc/client.tsx";
import { getSessionUser } from "../../server/auth/index.ts";
import { SignOutButton } from "../(auth)/sign-out-button.tsx";
import { NAV_LINKS } from "./nav.ts";
import "./console.css";

export const dynamic = "force-dynamic";

/** Every console page: signed-in users only, with the menu and the tRPC client. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser(await headers());
  if (!user) redirect("/sign-in?next=/");
  return (
    <TrpcProvider>
      <header className="console-header">
        <strong className="brand">Hubcache</strong>
        <nav aria-label="Console">
          {NAV_LINKS.map((link) => (
            <Link key={link.href} href={link.href}>
              {link.label}
            </Link>
          ))}
        </nav>
        <span className="who">
          Signed in as <strong>{user.username}</strong> <SignOutButton />
        </span>
      </header>
      {children}
    </TrpcProvider>
  );
}
