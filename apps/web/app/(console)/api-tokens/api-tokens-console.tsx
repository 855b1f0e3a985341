"use client";

import { apiTokenInputSchema } from "@hubcache/services/schemas";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { NewToken, TokenForm, TokenTable } from "../_tokens/tokens.tsx";

/** The signed-in user's personal API tokens: for the REST API and the `hubcache` CLI. */
export function ApiTokensConsole({ apiUrl }: { apiUrl: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiToken.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() });

  return (
    <>
      <h1>API tokens</h1>
      <p>
        Personal tokens for the REST API and the <code>hubcache</code> CLI: a token acts as you, in your teams
        and with your roles, and is yours alone. A revoked or expired token is refused at once. See the{" "}
        <Link href="/api-reference">API reference</Link>.
      </p>
      <NewToken
        label="Create an API token"
        title="New API token"
        hint={
          <>
            Send it as <code>Authorization: Bearer …</code>, e.g.{" "}
            <code className="wrap">
              curl -H &quot;Authorization: Bearer $HUBCACHE_TOKEN&quot; {apiUrl}users/me/
            </code>{" "}
            or <code className="wrap">hubcache login --url … --token …</code>.
          </>
        }
        form={(show) => (
          <TokenForm
            prefix="api-token"
            label="Create an API token"
            submitLabel="Create API token"
            namePlaceholder="e.g. laptop or ci"
            schema={apiTokenInputSchema}
            create={trpc.apiToken.create.mutationOptions()}
            input={(data) => ({ data })}
            onCreated={(created) => {
              show(created);
              void refresh();
            }}
          />
        )}
      />
      <section aria-label="API tokens">
        <h2>Your API tokens</h2>
        <TokenTable
          tokens={tokens}
          loading="Loading API tokens…"
          empty="No API tokens yet."
          rowLabel="API token"
          revoke={trpc.apiToken.revoke.mutationOptions({ onSuccess: refresh })}
        />
      </section>
    </>
  );
}
