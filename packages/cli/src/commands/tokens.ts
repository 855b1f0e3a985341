import type { Command } from "commander";
import { ok } from "../client.ts";
import { allPages, teamId, tokenId, type Context } from "../context.ts";
import { table } from "../output.ts";

export function tokenCommands(program: Command, ctx: Context): void {
  const token = program
    .command("token")
    .description("Access tokens: what clients send to download from private distributions")
    .addHelpText(
      "after",
      "\nExamples:\n  hubcache token create --name ci --expires 2027-01-01\n  HF_TOKEN=hc_… HF_ENDPOINT=http://localhost:8080/research/models hf download gpt2",
    );

  token
    .command("list")
    .description("List the access tokens of your teams (never their secrets)")
    .option("--team <team>", "only this team's (name, slug or href)")
    .action(async (options: { team?: string }) => {
      const client = await ctx.client();
      const team = options.team === undefined ? {} : { team: await teamId(ctx, options.team) };
      const page = await allPages((query) =>
        ok(client.GET("/pulp/api/v3/tokens/", { params: { query: { ...query, ...team } } })),
      );
      ctx.print(page, () =>
        table(
          ["NAME", "TEAM", "STATUS", "LAST USED", "EXPIRES", "HREF"],
          page.results.map((row) => [
            row.name,
            row.team,
            row.status,
            row.last_used_at,
            row.expires_at,
            row.pulp_href,
          ]),
        ),
      );
    });

  token
    .command("create")
    .description("Create an access token; its secret is printed once")
    .requiredOption("--name <name>", "what it is for")
    .option("--expires <date>", "an expiry date (YYYY-MM-DD or ISO 8601); default: never")
    .option("--team <team>", "the team (name, slug or href); needed when you may change more than one")
    .action(async (options: { name: string; expires?: string; team?: string }) => {
      const body = {
        name: options.name,
        ...(options.expires ? { expires_at: options.expires } : {}),
        ...(options.team ? { team: await teamId(ctx, options.team) } : {}),
      };
      const created = await ok((await ctx.client()).POST("/pulp/api/v3/tokens/", { body }));
      ctx.print(created, () =>
        [
          `Created access token ${created.name} for team ${created.team}. Its secret (shown once):`,
          "",
          `  ${created.token}`,
          "",
          "Clients send it as their HF token (HF_TOKEN, or Authorization: Bearer).",
        ].join("\n"),
      );
    });

  token
    .command("revoke <token>")
    .description("Revoke an access token (name or href); the content server refuses it within seconds")
    .action(async (ref: string) => {
      const row = await ok(
        (await ctx.client()).POST("/pulp/api/v3/tokens/{id}/revoke/", {
          params: { path: { id: await tokenId(ctx, ref) } },
        }),
      );
      ctx.print(row, () => `Revoked access token ${row.name}.`);
    });
}
