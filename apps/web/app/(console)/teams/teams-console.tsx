"use client";

import {
  memberInputSchema,
  ROLES,
  roleSchema,
  teamInputSchema,
  userInputSchema,
} from "@hubcache/services/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC, type RouterOutputs } from "../../../lib/trpc/client.tsx";
import {
  ConfirmDelete,
  ConsoleForm,
  EmptyMessage,
  Field,
  FieldError,
  fieldProps,
  FormMessage,
  ResponsiveTable,
  serverErrors,
  StatusMessage,
  text,
  useFormErrors,
} from "../_forms/forms.tsx";
import { canChange } from "../roles.ts";

type Team = RouterOutputs["team"]["list"][number];

/** The roles `team`'s signed-in user may give: admins may neither grant nor take away "owner". */
const grantable = (team: Team) => (team.role === "owner" ? ROLES : ROLES.filter((role) => role !== "owner"));

function CreateTeamForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const create = useMutation(trpc.team.create.mutationOptions({ onError: form.fail }));
  async function submit(values: FormData, element: HTMLFormElement) {
    const data = form.check(teamInputSchema, { name: text(values.get("name")) });
    if (!data) return;
    await create.mutateAsync({ data });
    element.reset();
    await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
  }
  return (
    <ConsoleForm
      label="Create a team"
      message={form.message}
      pending={create.isPending}
      submitLabel="Create team"
      pendingLabel="Creating…"
      onSubmit={submit}
    >
      <Field prefix="new-team" name="name" errors={form.errors} label="Name">
        {(props) => <input {...props} autoComplete="off" placeholder="e.g. Research" />}
      </Field>
    </ConsoleForm>
  );
}

function RenameForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const rename = useMutation(
    trpc.team.rename.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
        onDone();
      },
      onError: form.fail,
    }),
  );
  const prefix = `rename-${team.id}`;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = form.check(teamInputSchema, { name: text(new FormData(event.currentTarget).get("name")) });
    if (data) rename.mutate({ teamId: team.id, data });
  }
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Rename team">
      <label htmlFor={`${prefix}-name`} className="muted">
        New name
      </label>
      <input {...fieldProps(prefix, "name", form.errors)} defaultValue={team.name} autoComplete="off" />
      <button type="submit" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
      <FieldError prefix={prefix} name="name" errors={form.errors} />
      <FormMessage message={form.message} />
    </form>
  );
}

function AddMemberForm({ team }: { team: Team }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors();
  const add = useMutation(trpc.team.addMember.mutationOptions({ onError: form.fail }));
  const prefix = `add-${team.id}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const values = new FormData(element);
    const data = form.check(memberInputSchema, {
      username: text(values.get("username")),
      role: text(values.get("role")),
    });
    if (!data) return;
    await add.mutateAsync({ teamId: team.id, data });
    element.reset();
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey({ teamId: team.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() }),
    ]);
  }
  return (
    <form
      className="inline-form"
      onSubmit={(event) => void submit(event).catch(() => undefined)}
      noValidate
      aria-label="Add a member"
    >
      <label htmlFor={`${prefix}-username`} className="muted">
        Add member
      </label>
      <input {...fieldProps(prefix, "username", form.errors)} placeholder="username" autoComplete="off" />
      <select
        {...fieldProps(prefix, "role", form.errors)}
        aria-label="Role of the new member"
        defaultValue="member"
      >
        {grantable(team).map((role) => (
          <option key={role}>{role}</option>
        ))}
      </select>
      <button type="submit" disabled={add.isPending}>
        Add
      </button>
      <FieldError prefix={prefix} name="username" errors={form.errors} />
      <FieldError prefix={prefix} name="role" errors={form.errors} />
      <FormMessage message={form.message} />
    </form>
  );
}

function Members({ team }: { team: Team }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.team.members.queryOptions({ teamId: team.id }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey({ teamId: team.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() }),
    ]);
  const changeRole = useMutation(trpc.team.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.team.removeMember.mutationOptions({ onSettled: refresh }));
  if (members.isPending) return <StatusMessage>Loading members…</StatusMessage>;
  if (members.isError) return <FormMessage message={serverErrors(members.error).message} />;
  const error = changeRole.error ?? remove.error;
  return (
    <>
      <ResponsiveTable columns={["Member", "Role"]}>
        {members.data.map((member) => {
          // Admins may neither grant nor take away the owner role.
          const editable = canChange(team.role) && (team.role === "owner" || member.role !== "owner");
          return (
            <tr key={member.userId} aria-label={`member ${member.username}`}>
              <td data-label="Member">{member.username}</td>
              <td data-label="Role">
                {editable ? (
                  <select
                    aria-label={`Role of ${member.username}`}
                    value={member.role}
                    disabled={changeRole.isPending}
                    onChange={(event) =>
                      changeRole.mutate({
                        teamId: team.id,
                        userId: member.userId,
                        role: roleSchema.parse(event.target.value),
                      })
                    }
                  >
                    {grantable(team).map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                ) : (
                  member.role
                )}
              </td>
              <td data-label="Actions">
                {editable && (
                  <div className="row-actions">
                    <ConfirmDelete
                      label="Remove"
                      question={`Remove ${member.username}?`}
                      confirm="Yes, remove"
                      pending={remove.isPending}
                      onConfirm={() => remove.mutate({ teamId: team.id, userId: member.userId })}
                    />
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </ResponsiveTable>
      {error && <FormMessage message={serverErrors(error).message} />}
    </>
  );
}

function TeamCard({ team }: { team: Team }) {
  const [renaming, setRenaming] = useState(false);
  return (
    <section aria-label={`team ${team.slug}`}>
      <div className="team-header">
        <h2>
          {team.name} <span className="badge">{team.role}</span>
        </h2>
        <span className="muted">
          <code>{team.slug}</code> · {team.memberCount} {team.memberCount === 1 ? "member" : "members"}
        </span>
      </div>
      {canChange(team.role) &&
        (renaming ? (
          <RenameForm team={team} onDone={() => setRenaming(false)} />
        ) : (
          <p>
            <button type="button" className="secondary" onClick={() => setRenaming(true)}>
              Rename
            </button>
          </p>
        ))}
      <Members team={team} />
      {canChange(team.role) && <AddMemberForm team={team} />}
    </section>
  );
}

function CreateUserForm() {
  const trpc = useTRPC();
  const form = useFormErrors();
  const create = useMutation(trpc.user.create.mutationOptions({ onError: form.fail }));
  const [created, setCreated] = useState<string | null>(null);
  async function submit(values: FormData, element: HTMLFormElement) {
    setCreated(null);
    const data = form.check(userInputSchema, {
      username: text(values.get("username")),
      password: text(values.get("password")),
    });
    if (!data) return;
    const user = await create.mutateAsync({ data });
    element.reset();
    setCreated(user.username);
  }
  return (
    <section aria-label="Users">
      <h2>Users</h2>
      <p className="muted">
        As the instance admin you can create accounts. A new user belongs to no team until added to one.
      </p>
      <ConsoleForm
        label="Create a user"
        message={form.message}
        pending={create.isPending}
        submitLabel="Create user"
        pendingLabel="Creating…"
        onSubmit={submit}
      >
        <Field prefix="new-user" name="username" errors={form.errors} label="Username">
          {(props) => <input {...props} autoComplete="off" />}
        </Field>
        <Field
          prefix="new-user"
          name="password"
          errors={form.errors}
          label="Password"
          hint="(at least 8 characters)"
        >
          {(props) => <input {...props} type="password" autoComplete="new-password" />}
        </Field>
        {created && (
          <p role="status">
            User <strong>{created}</strong> created.
          </p>
        )}
      </ConsoleForm>
    </section>
  );
}

export function TeamsConsole() {
  const trpc = useTRPC();
  const teams = useQuery(trpc.team.list.queryOptions());
  const me = useQuery(trpc.user.me.queryOptions());
  return (
    <>
      <h1>Teams</h1>
      <p>You see only the teams you belong to. Members can read; owners and admins can change.</p>
      {teams.isPending ? (
        <StatusMessage>Loading teams…</StatusMessage>
      ) : teams.isError ? (
        <FormMessage message={serverErrors(teams.error).message} />
      ) : teams.data.length === 0 ? (
        <section>
          <EmptyMessage>You are not a member of any team yet.</EmptyMessage>
        </section>
      ) : (
        teams.data.map((team) => <TeamCard key={team.id} team={team} />)
      )}
      <section aria-label="New team">
        <h2>New team</h2>
        <CreateTeamForm />
      </section>
      {me.data?.instanceAdmin && <CreateUserForm />}
    </>
  );
}
