"use client";

import { contentTokenInputSchema } from "@hubcache/services/schemas";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { StatusMessage, text } from "../_forms/forms.tsx";
import { TeamChoice } from "../_forms/team-choice.tsx";
import { NewToken, TokenForm, TokenTable } from "../_tokens/tokens.tsx";
import { canChange } from "../roles.ts";

export function TokensConsole() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.token.list.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() });
  const changeable = (teams.data ?? []).filter((team) => canChange(team.role));
  const changeableSlugs = new Set(changeable.map((team) => team.slug));

  return (
    <>
      <h1>Access tokens</h1>
      <p>
        Private distributions answer only requests with one of their team&apos;s tokens. A revoked token stops
        working within a few seconds.
      </p>
      <NewToken
        label="Create a token"
        title="New token"
        hint={
          <>
            Clients send it as <code>Authorization: Bearer …</code> (e.g. <code>HF_TOKEN</code>).
          </>
        }
        form={(show) =>
          teams.isPending ? (
            <StatusMessage>Loading…</StatusMessage>
          ) : changeable.length === 0 ? (
            <p className="muted">Only a team&apos;s owners and admins can create tokens.</p>
          ) : (
            <TokenForm
              prefix="token"
              label="Create an access token"
              submitLabel="Create token"
              namePlaceholder="e.g. ci-runner"
              schema={contentTokenInputSchema}
              create={trpc.token.create.mutationOptions()}
              input={(data, values) => ({ team: text(values.get("team")) || undefined, data })}
              onCreated={(created) => {
                show(created);
                void refresh();
              }}
            >
              {(errors) => <TeamChoice prefix="token" errors={errors} />}
            </TokenForm>
          )
        }
      />
      <section aria-label="Tokens">
        <h2>Tokens</h2>
        <TokenTable
          tokens={tokens}
          loading="Loading tokens…"
          empty="No access tokens yet."
          rowLabel="token"
          describe={(token) => <span className="muted">({token.teamSlug})</span>}
          canRevoke={(token) => changeableSlugs.has(token.teamSlug)}
          revoke={trpc.token.revoke.mutationOptions({ onSuccess: refresh })}
        />
      </section>
    </>
  );
}
