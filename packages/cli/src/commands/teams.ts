import { Option, type Command } from "commander";
import { ok } from "../client.ts";
import { allPages, teamId, type Context } from "../context.ts";
import { ApiFailure } from "../errors.ts";
import { pathsPulpApiV3TeamsIdMembersPostRequestBodyContentApplicationJsonRoleValues } from "../generated/api.ts";
import { fields, idFromHref, table } from "../output.ts";

/** The roles a member may be given, as the REST API's OpenAPI document lists them. */
const ROLES = pathsPulpApiV3TeamsIdMembersPostRequestBodyContentApplicationJsonRoleValues;
type Role = (typeof ROLES)[number];

export function teamCommands(program: Command, ctx: Context): void {
  const team = program
    .command("team")
    .description("Teams and their members")
    .addHelpText(
      "after",
      "\nExamples:\n  hubcache team create Research\n  hubcache team member add research bob --role admin",
    );
  const teamPath = async (ref: string) => ({ params: { path: { id: await teamId(ctx, ref) } } });

  team
    .command("list")
    .description("List your teams")
    .action(async () => {
      const client = await ctx.client();
      const page = await allPages((query) => ok(client.GET("/pulp/api/v3/teams/", { params: { query } })));
      ctx.print(page, () =>
        table(
          ["NAME", "SLUG", "ROLE", "MEMBERS"],
          page.results.map((row) => [row.name, row.slug, row.role, row.member_count]),
        ),
      );
    });

  team
    .command("create <name>")
    .description("Create a team (you become its owner)")
    .action(async (name: string) => {
      const created = await ok((await ctx.client()).POST("/pulp/api/v3/teams/", { body: { name } }));
      ctx.print(created, () => `Created team ${created.name} (slug ${created.slug}): ${created.pulp_href}`);
    });

  const show = async (ref: string) => {
    const row = await ok((await ctx.client()).GET("/pulp/api/v3/teams/{id}/", await teamPath(ref)));
    ctx.print(row, () =>
      fields([
        ["name", row.name],
        ["slug", row.slug],
        ["your role", row.role],
        ["members", row.member_count],
        ["href", row.pulp_href],
      ]),
    );
  };
  team.command("show <team>").description("Show a team (name, slug or href)").action(show);

  team
    .command("update <team>")
    .description("Rename a team (the slug stays)")
    .requiredOption("--name <name>", "the new name")
    .action(async (ref: string, options: { name: string }) => {
      const row = await ok(
        (await ctx.client()).PATCH("/pulp/api/v3/teams/{id}/", {
          ...(await teamPath(ref)),
          body: { name: options.name },
        }),
      );
      ctx.print(row, () => `Renamed team ${row.slug} to ${row.name}.`);
    });

  team
    .command("delete <team>")
    .description("Delete a team with its remotes, distributions and tokens (owners)")
    .action(async (ref: string) => {
      const path = await teamPath(ref);
      await ok((await ctx.client()).DELETE("/pulp/api/v3/teams/{id}/", path));
      ctx.print({ deleted: path.params.path.id }, () => `Deleted team ${ref}.`);
    });

  const member = team.command("member").description("A team's members");
  member
    .command("list <team>")
    .description("List a team's members")
    .action(async (ref: string) => {
      const page = await ok(
        (await ctx.client()).GET("/pulp/api/v3/teams/{id}/members/", await teamPath(ref)),
      );
      ctx.print(page, () =>
        table(
          ["USERNAME", "ROLE"],
          page.results.map((row) => [row.username, row.role]),
        ),
      );
    });
  member
    .command("add <team> <username>")
    .description("Add a user to a team")
    .addOption(new Option("--role <role>", "the member's role").choices(ROLES).default("member"))
    .action(async (ref: string, username: string, options: { role: string }) => {
      const row = await ok(
        (await ctx.client()).POST("/pulp/api/v3/teams/{id}/members/", {
          ...(await teamPath(ref)),
          body: { username, role: options.role as Role },
        }),
      );
      ctx.print(row, () => `Added ${row.username} to ${ref} as ${row.role}.`);
    });
  member
    .command("remove <team> <username>")
    .description("Remove a member from a team")
    .action(async (ref: string, username: string) => {
      const client = await ctx.client();
      const path = await teamPath(ref);
      const members = await ok(client.GET("/pulp/api/v3/teams/{id}/members/", path));
      const found = members.results.find((row) => row.username === username.toLowerCase());
      if (!found) throw new ApiFailure(404, `${username} is not a member of ${ref}.`);
      await ok(
        client.DELETE("/pulp/api/v3/teams/{id}/members/{user_id}/", {
          params: { path: { id: path.params.path.id, user_id: idFromHref(found.pulp_href) } },
        }),
      );
      ctx.print({ removed: found.username }, () => `Removed ${found.username} from ${ref}.`);
    });
}
