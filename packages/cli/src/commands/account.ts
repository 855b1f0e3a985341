import { hostname } from "node:os";
import type { Command } from "commander";
import { createApiClient, ok } from "../client.ts";
import { writeConfig } from "../config.ts";
import { checkUrl, type Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { ago, bytes, fields, percent, table } from "../output.ts";

export function accountCommands(program: Command, ctx: Context): void {
  program
    .command("login")
    .description("Store the URL and an API token (0600, in the XDG config folder)")
    .option("--username <username>", "sign in with a password instead; a new API token is made and stored")
    .option("--password-stdin", "read the password from standard input (default: ask on the terminal)")
    .addHelpText(
      "after",
      `
--url (the console's URL) and --token (a personal API token, hcapi_…, made in the console) are the
global options of that name; with --username instead of --token, a new API token is made and stored.

Examples:
  hubcache login --url http://localhost:3000 --token hcapi_…
  hubcache login --url http://localhost:3000 --username alice     (asks for the password)
  printf %s "$PASSWORD" | hubcache login --url http://localhost:3000 --username alice --password-stdin`,
    )
    .action(async (options: { username?: string; passwordStdin?: boolean }) => {
      const globals = ctx.globals();
      if (globals.url === undefined) throw new UsageError("Give the console's URL with --url.");
      const url = checkUrl(globals.url);
      if ((globals.token === undefined) === (options.username === undefined)) {
        throw new UsageError("Give either --token or --username.");
      }
      let token = globals.token;
      if (options.username !== undefined) {
        const password = options.passwordStdin
          ? (await ctx.io.readStdin()).replace(/\r?\n$/, "")
          : await ctx.io.promptSecret(`Password for ${options.username}: `);
        if (password === null) {
          throw new UsageError(
            "Standard input is not a terminal to ask for the password on: send it with --password-stdin.",
          );
        }
        if (password === "") {
          throw new UsageError(
            options.passwordStdin ? "No password on standard input." : "No password given.",
          );
        }
        const basic = Buffer.from(`${options.username}:${password}`).toString("base64");
        const created = await ok(
          createApiClient(url, { basic }).POST("/pulp/api/v3/api-tokens/", {
            body: { name: `hubcache CLI on ${hostname()}`.slice(0, 100) },
          }),
        );
        token = created.token;
      }
      if (token === undefined) throw new UsageError("Give either --token or --username.");
      // Check before storing: a wrong token is refused here, not on the next command.
      const me = await ok(createApiClient(url, { token }).GET("/pulp/api/v3/users/me/"));
      const path = await writeConfig({ url, token }, ctx.env);
      ctx.print(
        { url, username: me.username, config: path },
        () => `Logged in to ${url} as ${me.username} (saved in ${path}).`,
      );
    });

  program
    .command("whoami")
    .description("Show who the stored credentials act as, and their teams")
    .action(async () => {
      const me = await ok((await ctx.client()).GET("/pulp/api/v3/users/me/"));
      ctx.print(me, () =>
        [
          `${me.username}${me.instance_admin ? " (instance admin)" : ""}`,
          table(
            ["TEAM", "SLUG", "ROLE"],
            me.teams.map((team) => [team.name, team.slug, team.role]),
          ),
        ].join("\n"),
      );
    });

  program
    .command("status")
    .description("Content servers, hit ratio, storage and the pre-fetch queue")
    .action(async () => {
      const status = await ok((await ctx.client()).GET("/pulp/api/v3/status/"));
      ctx.print(status, () =>
        [
          table(
            ["CONTENT SERVER", "ONLINE", "LAST HEARTBEAT", "VERSION", "FILLS", "LIMIT", "UPSTREAMS OFFLINE"],
            status.content_servers.map((server) => [
              // Internal URLs are the instance admin's to see; everyone else gets the replica's id.
              server.url ?? server.id,
              server.online ? "yes" : "no",
              ago(server.heartbeat_at),
              server.version,
              server.fills_in_flight === null ? null : String(server.fills_in_flight),
              server.cache_max_bytes === null ? null : bytes(server.cache_max_bytes),
              Object.entries(server.upstreams)
                .filter(([, state]) => state === "offline")
                .map(([origin]) => origin)
                .join(", ") || "none",
            ]),
          ),
          "",
          fields([
            ["database", status.database.online ? "online" : "offline"],
            [`hit ratio (${status.usage.days} days)`, percent(status.usage.hit_ratio)],
            ["served from cache", bytes(status.usage.bytes_from_cache)],
            ["fetched from the Hub", bytes(status.usage.bytes_from_upstream)],
            ["storage", `${bytes(status.storage.bytes)} in ${status.storage.files} files`],
            ["pre-fetch tasks", `${status.tasks.running} running, ${status.tasks.waiting} waiting`],
          ]),
        ].join("\n"),
      );
    });
}
