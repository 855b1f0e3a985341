"use client";

import type { FieldErrors } from "@hubcache/services";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { canChange } from "../roles.ts";
import { Field } from "./forms.tsx";

/**
 * The `team` field of a create form: a choice among the teams the user may change when there are several
 * (the server refuses to guess), a hidden field when there is one. Read it with `text(values.get("team"))`.
 */
export function TeamChoice({ prefix, errors }: { prefix: string; errors: FieldErrors }) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.team.list.queryOptions());
  const changeable = (teams.data ?? []).filter((team) => canChange(team.role));
  if (changeable.length <= 1) return <input type="hidden" name="team" value={changeable[0]?.id ?? ""} />;
  return (
    <Field prefix={prefix} name="team" errors={errors} label="Team">
      {(props) => (
        <select {...props} defaultValue={changeable[0]?.id}>
          {changeable.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name} ({team.slug})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
