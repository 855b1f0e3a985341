import { z } from "zod";
import {
  memberInputSchema,
  pageSchema,
  pagingSchema,
  teamInputSchema,
  userInputSchema,
} from "../../schemas.ts";
import {
  addMember,
  changeRole,
  createTeam,
  deleteTeam,
  getTeam,
  listMembers,
  listMyTeams,
  removeMember,
  renameTeam,
} from "../../services/teams.ts";
import { createUser, isInstanceAdmin } from "../../services/users.ts";
import { examples, pageExample } from "../examples.ts";
import { json, paginateAll, parseQuery, readJson, type Operation, type PulpApiDeps } from "../http.ts";
import {
  hrefs,
  meSchema,
  memberSchema,
  pageOf,
  serializeMember,
  serializeTeam,
  teamSchema,
  userSchema,
} from "../resources.ts";

const pageQuery = [
  { name: "limit", description: "Page size (1-1000, default 100)" },
  { name: "offset", description: "Items to skip" },
];

/** Teams, their members, and users (the instance admin creates them). */
export function teamRoutes(deps: PulpApiDeps): Operation[] {
  const { db } = deps;
  const team = { description: "The team", schema: teamSchema, example: examples.team };
  const member = { description: "The membership", schema: memberSchema, example: examples.member };
  return [
    {
      method: "GET",
      path: "teams/",
      doc: {
        tag: "teams",
        summary: "List the caller's teams",
        query: [{ name: "name", description: "Only the team with this name or slug" }, ...pageQuery],
        responses: {
          "200": {
            description: "A page of teams",
            schema: pageOf(teamSchema),
            example: pageExample(examples.team),
          },
        },
      },
      async handle({ url, actor }) {
        const query = parseQuery(url, pageSchema);
        const teams = (await listMyTeams(db, actor)).filter(
          (row) => query.name === undefined || row.name === query.name || row.slug === query.name,
        );
        return paginateAll(url, query, teams.map(serializeTeam));
      },
    },
    {
      method: "POST",
      path: "teams/",
      doc: {
        tag: "teams",
        summary: "Create a team (the caller becomes its owner)",
        body: { schema: teamInputSchema, example: { name: "Research" } },
        responses: { "201": { ...team, description: "Created" } },
      },
      async handle({ request, actor }) {
        const created = await createTeam(db, actor, await readJson(request));
        return json(201, serializeTeam(created), { location: hrefs.team(created.id) });
      },
    },
    {
      method: "GET",
      path: "teams/{id}/",
      doc: { tag: "teams", summary: "Show a team", responses: { "200": team } },
      async handle({ actor, params }) {
        return json(200, serializeTeam(await getTeam(db, actor, params.id ?? "")));
      },
    },
    {
      method: "PATCH",
      path: "teams/{id}/",
      doc: {
        tag: "teams",
        summary: "Rename a team (admins and owners; the slug stays)",
        body: { schema: teamInputSchema, example: { name: "Research & Development" } },
        responses: { "200": { ...team, description: "Renamed" } },
      },
      async handle({ request, actor, params }) {
        return json(
          200,
          serializeTeam(await renameTeam(db, actor, params.id ?? "", await readJson(request))),
        );
      },
    },
    {
      method: "DELETE",
      path: "teams/{id}/",
      doc: {
        tag: "teams",
        summary: "Delete a team with its remotes, distributions, access tokens and cache index (owners)",
        responses: { "204": { description: "Deleted" }, "409": { description: "The default team stays" } },
      },
      async handle({ actor, params }) {
        await deleteTeam(db, actor, params.id ?? "");
        return json(204, null);
      },
    },
    {
      method: "GET",
      path: "teams/{id}/members/",
      doc: {
        tag: "teams",
        summary: "List a team's members",
        query: pageQuery,
        responses: {
          "200": {
            description: "A page of members",
            schema: pageOf(memberSchema),
            example: pageExample(examples.member),
          },
        },
      },
      async handle({ url, actor, params }) {
        const page = parseQuery(url, pagingSchema);
        const teamId = params.id ?? "";
        const members = await listMembers(db, actor, teamId);
        return paginateAll(
          url,
          page,
          members.map((row) => serializeMember(teamId, row)),
        );
      },
    },
    {
      method: "POST",
      path: "teams/{id}/members/",
      doc: {
        tag: "teams",
        summary: "Add a user to a team (admins and owners; only owners grant owner)",
        body: { schema: memberInputSchema, example: { username: "bob", role: "member" } },
        responses: { "201": { ...member, description: "Added" } },
      },
      async handle({ request, actor, params }) {
        const teamId = params.id ?? "";
        const added = await addMember(db, actor, teamId, await readJson(request));
        return json(201, serializeMember(teamId, added), { location: hrefs.member(teamId, added.userId) });
      },
    },
    {
      method: "PATCH",
      path: "teams/{id}/members/{user_id}/",
      doc: {
        tag: "teams",
        summary: "Change a member's role",
        body: { schema: z.object({ role: memberInputSchema.shape.role }), example: { role: "admin" } },
        responses: {
          "200": { ...member, description: "Changed" },
          "409": { description: "A team keeps one owner" },
        },
      },
      async handle({ request, actor, params }) {
        const teamId = params.id ?? "";
        const body = await readJson(request);
        const changed = await changeRole(db, actor, teamId, params.user_id ?? "", body.role);
        return json(200, serializeMember(teamId, changed));
      },
    },
    {
      method: "DELETE",
      path: "teams/{id}/members/{user_id}/",
      doc: {
        tag: "teams",
        summary: "Remove a member",
        responses: { "204": { description: "Removed" }, "409": { description: "A team keeps one owner" } },
      },
      async handle({ actor, params }) {
        await removeMember(db, actor, params.id ?? "", params.user_id ?? "");
        return json(204, null);
      },
    },
    {
      method: "POST",
      path: "users/",
      doc: {
        tag: "users",
        summary: "Create a user who can sign in with this password (the instance admin only)",
        body: { schema: userInputSchema, example: { username: "bob", password: "a long passphrase" } },
        responses: { "201": { description: "Created", schema: userSchema, example: examples.user } },
      },
      async handle({ request, actor }) {
        const user = await createUser(db, actor, await readJson(request), deps.hashPassword);
        return json(201, { username: user.username });
      },
    },
    {
      method: "GET",
      path: "users/me/",
      doc: {
        tag: "users",
        summary: "Who the credentials act as, and their teams",
        responses: {
          "200": {
            description: "The caller",
            schema: meSchema,
            example: { ...examples.me, teams: [examples.team] },
          },
        },
      },
      async handle({ actor }) {
        return json(200, {
          username: actor.username,
          instance_admin: await isInstanceAdmin(db, actor),
          teams: (await listMyTeams(db, actor)).map(serializeTeam),
        });
      },
    },
  ];
}
