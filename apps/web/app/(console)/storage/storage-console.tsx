"use client";

import { teamLimitsSchema } from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc/client.tsx";
import {
  ConsoleForm,
  EmptyMessage,
  Field,
  FormMessage,
  formatDate,
  optionalNumber,
  ResponsiveTable,
  serverErrors,
  StatusMessage,
  useFormErrors,
} from "../_forms/forms.tsx";
import { formatBytes } from "../cache/format.ts";
import { canChange } from "../roles.ts";

type Team = RouterOutputs["team"]["list"][number];
type Storage = RouterOutputs["storage"]["team"];

const GIB = 1024 ** 3;
const repoName = (row: { repoType: string; repoId: string }) =>
  `${row.repoType === "model" ? "" : `${row.repoType}s/`}${row.repoId}`;

/** Pick a team, see its storage; the instance admin also sees the instance's. */
export function StorageConsole() {
  const trpc = useTRPC();
  const teams = useQuery(trpc.team.list.queryOptions());
  const me = useQuery(trpc.user.me.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  if (teams.isPending) return <StatusMessage>Loading teams…</StatusMessage>;
  if (teams.isError) return <p role="alert">Could not load teams: {teams.error.message}</p>;
  const team = teams.data.find((row) => row.id === chosen) ?? teams.data[0];
  const instanceAdmin = me.data?.instanceAdmin ?? false;
  return (
    <>
      {team ? (
        <>
          <label className="cache-picker">
            Team{" "}
            <select value={team.id} onChange={(event) => setChosen(event.target.value)}>
              {teams.data.map((row) => (
                <option key={row.id} value={row.id}>
                  {row.name}
                </option>
              ))}
            </select>
          </label>
          <TeamStorage key={team.id} team={team} instanceAdmin={instanceAdmin} />
        </>
      ) : (
        <EmptyMessage>You are in no team yet.</EmptyMessage>
      )}
      {instanceAdmin && <InstanceStorage />}
    </>
  );
}

/** Used against the quota, as a bar (no bar without a quota). */
function Usage({ storage }: { storage: Storage }) {
  const { usedBytes, quotaBytes, pinnedBytes } = storage;
  return (
    <div className="usage">
      <p>
        <strong>{formatBytes(usedBytes)}</strong>{" "}
        {quotaBytes === null ? "used (no quota)" : `of ${formatBytes(quotaBytes)} used`}, of which{" "}
        {formatBytes(pinnedBytes)} pinned.
        {storage.retentionDays === null
          ? " Files are kept until space is needed."
          : ` Files unused for ${storage.retentionDays} days are evicted.`}
      </p>
      {quotaBytes !== null && (
        <progress
          max={Math.max(quotaBytes, 1)}
          value={Math.min(usedBytes, Math.max(quotaBytes, 1))}
          aria-label={`Used: ${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)}`}
        />
      )}
    </div>
  );
}

function TeamStorage({ team, instanceAdmin }: { team: Team; instanceAdmin: boolean }) {
  const trpc = useTRPC();
  const storage = useQuery(trpc.storage.team.queryOptions({ team: team.id }));
  if (storage.isPending) return <StatusMessage>Loading storage…</StatusMessage>;
  if (storage.isError) return <p role="alert">Could not load storage: {storage.error.message}</p>;
  const data = storage.data;
  return (
    <section aria-label={`Storage of ${team.name}`}>
      <h2>{team.name}</h2>
      <Usage storage={data} />
      <Pins team={team} storage={data} />
      <h3>Largest repositories</h3>
      {data.largestRepos.length === 0 ? (
        <EmptyMessage>Nothing cached yet.</EmptyMessage>
      ) : (
        <ResponsiveTable columns={["Repository", "Files", "Size"]}>
          {data.largestRepos.map((repo) => (
            <tr key={`${repo.remoteId}/${repo.repoType}/${repo.repoId}`}>
              <td data-label="Repository">{repoName(repo)}</td>
              <td data-label="Files">{repo.files}</td>
              <td data-label="Size">{formatBytes(repo.bytes)}</td>
              <td data-label="Actions" />
            </tr>
          ))}
        </ResponsiveTable>
      )}
      <h3>Recent evictions</h3>
      {data.recentEvictions.length === 0 ? (
        <EmptyMessage>Nothing evicted lately.</EmptyMessage>
      ) : (
        <ResponsiveTable columns={["File", "Size", "Why", "When"]}>
          {data.recentEvictions.map((event, index) => (
            <tr key={`${event.commit}/${event.path}/${index}`}>
              <td data-label="File">
                <span>
                  {repoName(event)} <code>{event.commit.slice(0, 8)}</code> {event.path}
                </span>
              </td>
              <td data-label="Size">{formatBytes(event.size)}</td>
              <td data-label="Why">{event.reason}</td>
              <td data-label="When">{formatDate(event.at)}</td>
              <td data-label="Actions" />
            </tr>
          ))}
        </ResponsiveTable>
      )}
      {canChange(team.role) && <RetentionForm team={team} storage={data} />}
      {instanceAdmin && <QuotaForm team={team} storage={data} />}
    </section>
  );
}

function Pins({ team, storage }: { team: Team; storage: Storage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unpin = useMutation(
    trpc.storage.unpin.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.storage.team.queryKey({ team: team.id }) }),
    }),
  );
  return (
    <>
      <h3>Pinned</h3>
      {storage.pins.length === 0 ? (
        <EmptyMessage>Nothing pinned: pin a repo or a revision in the cache browser.</EmptyMessage>
      ) : (
        <ResponsiveTable columns={["Repository", "Revision", "Remote", "Pinned by"]}>
          {storage.pins.map((pin) => (
            <tr key={pin.id}>
              <td data-label="Repository">{repoName(pin)}</td>
              <td data-label="Revision">
                {pin.commit ? <code>{pin.commit.slice(0, 8)}</code> : "every revision"}
              </td>
              <td data-label="Remote">{pin.remoteName}</td>
              <td data-label="Pinned by">
                {pin.createdBy}, {formatDate(pin.createdAt)}
              </td>
              <td data-label="Actions">
                {canChange(team.role) && (
                  <span className="row-actions">
                    <button
                      type="button"
                      className="secondary small"
                      disabled={unpin.isPending}
                      aria-label={`Unpin ${pin.repoId}${pin.commit ? ` at ${pin.commit.slice(0, 8)}` : ""}`}
                      onClick={() => unpin.mutate({ pinId: pin.id })}
                    >
                      Unpin
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </ResponsiveTable>
      )}
      {unpin.isError && <FormMessage message={serverErrors(unpin.error).message} />}
    </>
  );
}

function useSetLimits(team: Team) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const save = useMutation(
    trpc.storage.setLimits.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.storage.team.queryKey({ team: team.id }), data);
        return queryClient.invalidateQueries({ queryKey: trpc.storage.instance.queryKey() });
      },
      onError: form.fail,
    }),
  );
  return { form, save };
}

/** How long unused files are kept: the team's admins and owners. Empty: until space is needed. */
function RetentionForm({ team, storage }: { team: Team; storage: Storage }) {
  const { form, save } = useSetLimits(team);
  const prefix = `retention-${team.id}`;
  return (
    <ConsoleForm
      title="Retention"
      message={form.message}
      pending={save.isPending}
      submitLabel="Save retention"
      onSubmit={(values) => {
        const data = form.check(teamLimitsSchema, {
          retentionDays: optionalNumber(values.get("retentionDays")) ?? null,
        });
        if (data) save.mutate({ team: team.id, data });
      }}
    >
      <Field
        prefix={prefix}
        name="retentionDays"
        errors={form.errors}
        label="Evict files unused for (days)"
        hint="empty: keep them until space is needed"
      >
        {(props) => (
          <input
            {...props}
            inputMode="numeric"
            defaultValue={storage.retentionDays ?? ""}
            autoComplete="off"
          />
        )}
      </Field>
    </ConsoleForm>
  );
}

/** The team's quota in GiB: the instance admin's. Empty: no quota. */
function QuotaForm({ team, storage }: { team: Team; storage: Storage }) {
  const { form, save } = useSetLimits(team);
  const prefix = `quota-${team.id}`;
  return (
    <ConsoleForm
      title="Quota"
      message={form.message}
      pending={save.isPending}
      submitLabel="Save quota"
      onSubmit={(values) => {
        const gib = optionalNumber(values.get("quotaBytes"));
        const data = form.check(teamLimitsSchema, {
          quotaBytes: gib === undefined ? null : Number.isFinite(gib) ? Math.round(gib * GIB) : gib,
        });
        if (data) save.mutate({ team: team.id, data });
      }}
    >
      <Field
        prefix={prefix}
        name="quotaBytes"
        errors={form.errors}
        label="Quota (GiB)"
        hint="empty: no quota; lowering it below the usage evicts on the content server's next pass"
      >
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            defaultValue={storage.quotaBytes === null ? "" : String(+(storage.quotaBytes / GIB).toFixed(3))}
            autoComplete="off"
          />
        )}
      </Field>
    </ConsoleForm>
  );
}

/** The bytes the instance stores (each shared blob once) and every team's usage: the instance admin's. */
function InstanceStorage() {
  const trpc = useTRPC();
  const instance = useQuery(trpc.storage.instance.queryOptions());
  if (instance.isPending) return <StatusMessage>Loading the instance&apos;s storage…</StatusMessage>;
  if (instance.isError)
    return <p role="alert">Could not load the instance&apos;s storage: {instance.error.message}</p>;
  return (
    <section aria-label="Instance storage">
      <h2>Instance</h2>
      <p>
        <strong>{formatBytes(instance.data.storedBytes)}</strong> stored (each shared file once)
        {instance.data.limitBytes === null
          ? ", with no limit but the free-space floor (the content server's CACHE_MAX_BYTES is unset)."
          : ` of the ${formatBytes(instance.data.limitBytes)} limit (CACHE_MAX_BYTES).`}
      </p>
      {instance.data.limitBytes !== null && (
        <progress
          max={Math.max(instance.data.limitBytes, 1)}
          value={Math.min(instance.data.storedBytes, Math.max(instance.data.limitBytes, 1))}
          aria-label={`Stored: ${formatBytes(instance.data.storedBytes)} of ${formatBytes(instance.data.limitBytes)}`}
        />
      )}
      {instance.data.teams.length === 0 ? (
        <EmptyMessage>No team has cached anything yet.</EmptyMessage>
      ) : (
        <ResponsiveTable columns={["Team", "Used", "Quota"]}>
          {instance.data.teams.map((row) => (
            <tr key={row.teamId}>
              <td data-label="Team">{row.slug}</td>
              <td data-label="Used">{formatBytes(row.usedBytes)}</td>
              <td data-label="Quota">{row.quotaBytes === null ? "none" : formatBytes(row.quotaBytes)}</td>
              <td data-label="Actions" />
            </tr>
          ))}
        </ResponsiveTable>
      )}
    </section>
  );
}
