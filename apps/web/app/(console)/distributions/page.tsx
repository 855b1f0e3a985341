import { webEnv } from "../../../lib/env.ts";
import { DistributionsConsole } from "./distributions-console.tsx";

export const dynamic = "force-dynamic";
export const metadata = { title: "Distributions · Hubcache" };

export default function DistributionsPage() {
  // The content server's address is server configuration: handed to the client component for the snippets.
  return (
    <main>
      <DistributionsConsole contentUrl={webEnv.contentUrl} />
    </main>
  );
}
