import { PULP_API_PREFIX } from "@hubcache/services";
import { webEnv } from "../../../lib/env.ts";
import { ApiTokensConsole } from "./api-tokens-console.tsx";

export const metadata = { title: "API tokens · Hubcache" };

export default function ApiTokensPage() {
  return (
    <main>
      <ApiTokensConsole apiUrl={`${webEnv.publicUrl}${PULP_API_PREFIX}`} />
    </main>
  );
}
