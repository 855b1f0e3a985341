"use client";

import { memberInputSchema, ROLES, teamInputSchema, userInputSchema, type Role } from "@hubcache/api/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { useTRPC } from "../../../lib/trpc/client.tsx";
import { failure, field, FieldMessages, FormMessage, zodFields, type Fields } from "./ui.tsx";

interface Team {
  id: string;
  name: string;
  slug: string;
  role: Role;
  memberCount: number;
}

/** Form state: client-side validation with a shared schema, then the server's own field messages. */
function useForm<S extends z.ZodType>(schema: S) {
  const [fields, setFields] = useState<Fields>({});
  const [message, setMessage] = useState<string | null>(null);
  return {
    fields,
    message,
    /** The parsed input, or null after showing the schema's messages. */
    check(data: unknown): z.infer<S> | null {
      const parsed = schema.safeParse(data);
      if (parsed.success) {
        setFields({});
        setMessage(null);
        return parsed.data;
      }
      setFields(zodFields(parsed.error));
      setMessage("Please correct the marked fields.");
      return null;
    },
    fail(error: unknown) {
      const result = failure(error);
      setFields(result.fields);
      setMessage(result.message);
    },
  };
}

function CreateTeamForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm(teamInputSchema);
  const create = useMutation(trpc.team.create.mutationOptions());
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const data = { name: String(new FormData(element).get("name") ?? "") };
    if (!form.check(data)) return;
    try {
      await create.mutateAsync({ data });
      element.reset();
      await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
    } catch (error) {
      form.fail(error);
    }
  }
  return (
    <form className="ac-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Create a team">
      <label htmlFor="new-team-name">
        Name
        <input {...field("new-team", "name", form.fields)} autoComplete="off" placeholder="e.g. Research" />
      </label>
      <FieldMessages form="new-team" name="name" fields={form.fields} />
      <FormMessage message={form.message} />
      <button type="submit" className="ac-primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create team"}
      </button>
    </form>
  );
}

function RenameForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm(teamInputSchema);
  const rename = useMutation(trpc.team.rename.mutationOptions());
  const prefix = `rename-${team.id}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = { name: String(new FormData(event.currentTarget).get("name") ?? "") };
    if (!form.check(data)) return;
    try {
      await rename.mutateAsync({ teamId: team.id, data });
      await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
      onDone();
    } catch (error) {
      form.fail(error);
    }
  }
  return (
    <form className="ac-inline" onSubmit={(event) => void submit(event)} noValidate aria-label="Rename team">
      <label htmlFor={`${prefix}-name`} className="ac-muted">
        New name
      </label>
      <input {...field(prefix, "name", form.fields)} defaultValue={team.name} autoComplete="off" />
      <button type="submit" className="ac-primary" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" className="ac-secondary" onClick={onDone}>
        Cancel
      </button>
      <FieldMessages form={prefix} name="name" fields={form.fields} />
      <FormMessage message={form.message} />
    </form>
  );
}

function AddMemberForm({ team }: { team: Team }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm(memberInputSchema);
  const add = useMutation(trpc.team.addMember.mutationOptions());
  const prefix = `add-${team.id}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const values = new FormData(element);
    const data = { username: String(values.get("username") ?? ""), role: String(values.get("role") ?? "") };
    if (!form.check(data)) return;
    try {
      await add.mutateAsync({ teamId: team.id, data });
      element.reset();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey({ teamId: team.id }) }),
        queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() }),
      ]);
    } catch (error) {
      form.fail(error);
    }
  }
  const roles = team.role === "owner" ? ROLES : ROLES.filter((role) => role !== "owner");
  return (
    <form className="ac-inline" onSubmit={(event) => void submit(event)} noValidate aria-label="Add a member">
      <label htmlFor={`${prefix}-username`} className="ac-muted">
        Add member
      </label>
      <input {...field(prefix, "username", form.fields)} placeholder="username" autoComplete="off" />
      <select
        {...field(prefix, "role", form.fields)}
        aria-label="Role of the new member"
        defaultValue="member"
      >
        {roles.map((role) => (
          <option key={role}>{role}</option>
        ))}
      </select>
      <button type="submit" className="ac-primary" disabled={add.isPending}>
        Add
      </button>
      <FieldMessages form={prefix} name="username" fields={form.fields} />
      <FieldMessages form={prefix} name="role" fields={form.fields} />
      <FormMessage message={form.message} />
    </form>
  );
}

function Members({ team }: { team: Team }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.team.members.queryOptions({ teamId: team.id }));
  const [confirming, setConfirming] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey({ teamId: team.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() }),
    ]);
  const changeRole = useMutation(trpc.team.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.team.removeMember.mutationOptions({ onSettled: refresh, onSuccess: () => setConfirming(null) }),
  );
  const canChange = team.role !== "member";
  if (members.isPending) {
    return (
      <p className="ac-muted" role="status">
        Loading members…
      </p>
    );
  }
  if (members.isError) return <FormMessage message={failure(members.error).message} />;
  const error = changeRole.error ?? remove.error;
  return (
    <>
      <table className="ac-table">
        <thead>
          <tr>
            <th>Member</th>
            <th>Role</th>
            <th>
              <span className="ac-muted">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.data.map((member) => {
            // Admins may neither grant nor take away the owner role.
            const editable = canChange && (team.role === "owner" || member.role !== "owner");
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
                          role: event.target.value,
                        })
                      }
                    >
                      {(team.role === "owner" ? ROLES : ROLES.filter((role) => role !== "owner")).map(
                        (role) => (
                          <option key={role}>{role}</option>
                        ),
                      )}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
                <td data-label="Actions">
                  {editable &&
                    (confirming === member.userId ? (
                      <span className="ac-actions">
                        <span>Remove {member.username}?</span>
                        <button
                          type="button"
                          className="ac-danger"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate({ teamId: team.id, userId: member.userId })}
                        >
                          Yes, remove
                        </button>
                        <button type="button" className="ac-secondary" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="ac-danger"
                        onClick={() => setConfirming(member.userId)}
                      >
                        Remove
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && <FormMessage message={failure(error).message} />}
    </>
  );
}

function TeamCard({ team }: { team: Team }) {
  const [renaming, setRenaming] = useState(false);
  const canChange = team.role !== "member";
  return (
    <section aria-label={`team ${team.slug}`}>
      <div className="ac-team-header">
        <h2>
          {team.name} <span className="badge">{team.role}</span>
        </h2>
        <span className="ac-muted">
          <code>{team.slug}</code> · {team.memberCount} {team.memberCount === 1 ? "member" : "members"}
        </span>
      </div>
      {canChange &&
        (renaming ? (
          <RenameForm team={team} onDone={() => setRenaming(false)} />
        ) : (
          <p>
            <button type="button" className="ac-secondary" onClick={() => setRenaming(true)}>
              Rename
            </button>
          </p>
        ))}
      <Members team={team} />
      {canChange && <AddMemberForm team={team} />}
    </section>
  );
}

function CreateUserForm() {
  const trpc = useTRPC();
  const form = useForm(userInputSchema);
  const create = useMutation(trpc.user.create.mutationOptions());
  const [created, setCreated] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const values = new FormData(element);
    const data = {
      username: String(values.get("username") ?? ""),
      password: String(values.get("password") ?? ""),
    };
    setCreated(null);
    if (!form.check(data)) return;
    try {
      const user = await create.mutateAsync({ data });
      element.reset();
      setCreated(user.username);
    } catch (error) {
      form.fail(error);
    }
  }
  return (
    <section aria-label="Users">
      <h2>Users</h2>
      <p className="ac-muted">
        As the instance admin you can create accounts. A new user belongs to no team until added to one.
      </p>
      <form
        className="ac-form"
        onSubmit={(event) => void submit(event)}
        noValidate
        aria-label="Create a user"
      >
        <label htmlFor="new-user-username">
          Username
          <input {...field("new-user", "username", form.fields)} autoComplete="off" />
        </label>
        <FieldMessages form="new-user" name="username" fields={form.fields} />
        <label htmlFor="new-user-password">
          Password <span className="ac-hint">(at least 8 characters)</span>
          <input
            {...field("new-user", "password", form.fields)}
            type="password"
            autoComplete="new-password"
          />
        </label>
        <FieldMessages form="new-user" name="password" fields={form.fields} />
        <FormMessage message={form.message} />
        {created && (
          <p role="status">
            User <strong>{created}</strong> created.
          </p>
        )}
        <button type="submit" className="ac-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </form>
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
        <p className="ac-muted" role="status">
          Loading teams…
        </p>
      ) : teams.isError ? (
        <FormMessage message={failure(teams.error).message} />
      ) : teams.data.length === 0 ? (
        <section>
          <p className="ac-muted">You are not a member of any team yet.</p>
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
