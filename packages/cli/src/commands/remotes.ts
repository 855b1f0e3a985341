import { Option, type Command } from "commander";
import { ok } from "../client.ts";
import { allPages, distributionId, remoteId, teamId, type Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { huggingFaceRemotePolicyValues } from "../generated/api.ts";
import { fields, table } from "../output.ts";

/** The policies the REST API takes, as its OpenAPI document lists them. */
const POLICIES = huggingFaceRemotePolicyValues;
type Policy = (typeof POLICIES)[number];
const REMOTES = "/pulp/api/v3/remotes/hugging_face/hugging-face/";
const DISTRIBUTIONS = "/pulp/api/v3/distributions/hugging_face/hugging-face/";

/** The HF token, from standard input (never an argument: it would show in `ps` and the shell's history). */
async function hfTokenFromStdin(ctx: Context): Promise<string> {
  const token = (await ctx.io.readStdin()).trim();
  if (token === "") throw new UsageError("No HF token on standard input.");
  return token;
}

export function remoteCommands(program: Command, ctx: Context): void {
  const remote = program
    .command("remote")
    .description("Remotes: where the cache fetches from (the Hub), with which HF token and policy")
    .addHelpText(
      "after",
      '\nExamples:\n  hubcache remote create --name hf --url https://huggingface.co --policy on_demand\n  printf %s "$HF_TOKEN" | hubcache remote update hf --hf-token-stdin',
    );
  const item = async (ref: string) => ({ params: { path: { id: await remoteId(ctx, ref) } } });
  const policy = () => new Option("--policy <policy>", "how files are kept").choices(POLICIES);

  remote
    .command("list")
    .description("List remotes")
    .action(async () => {
      const client = await ctx.client();
      const page = await allPages((query) => ok(client.GET(REMOTES, { params: { query } })));
      ctx.print(page, () =>
        table(
          ["NAME", "URL", "POLICY", "HF TOKEN", "HREF"],
          page.results.map((row) => [
            row.name,
            row.hf_hub_url,
            row.policy,
            row.hidden_fields.some((field) => field.is_set) ? "set" : "not set",
            row.pulp_href,
          ]),
        ),
      );
    });

  remote
    .command("create")
    .description("Create a remote")
    .requiredOption("--name <name>", "its name")
    .option("--url <url>", "the Hub's URL", "https://huggingface.co")
    .addOption(policy().default("on_demand"))
    .option("--hf-token-stdin", "read an HF token from standard input")
    .option("--team <team>", "the team (name, slug or href); needed when you may change more than one")
    .action(
      async (options: {
        name: string;
        url: string;
        policy: Policy;
        hfTokenStdin?: boolean;
        team?: string;
      }) => {
        const body = {
          name: options.name,
          hf_hub_url: options.url,
          policy: options.policy,
          ...(options.hfTokenStdin ? { hf_token: await hfTokenFromStdin(ctx) } : {}),
          ...(options.team ? { team: await teamId(ctx, options.team) } : {}),
        };
        const created = await ok((await ctx.client()).POST(REMOTES, { body }));
        ctx.print(created, () => `Created remote ${created.name}: ${created.pulp_href}`);
      },
    );

  remote
    .command("show <remote>")
    .description("Show a remote (name or href)")
    .action(async (ref: string) => {
      const row = await ok((await ctx.client()).GET(`${REMOTES}{id}/`, await item(ref)));
      ctx.print(row, () =>
        fields([
          ["name", row.name],
          ["url", row.hf_hub_url],
          ["policy", row.policy],
          ["hf token", row.hidden_fields.some((field) => field.is_set) ? "set" : "not set"],
          ["timeouts", `connect ${row.connect_timeout} s, read ${row.sock_read_timeout} s`],
          ["href", row.pulp_href],
        ]),
      );
    });

  remote
    .command("update <remote>")
    .description("Change the fields given; the others keep their values")
    .option("--name <name>", "a new name")
    .option("--url <url>", "a new Hub URL (another host drops the HF token unless one is sent too)")
    .addOption(policy())
    .option("--hf-token-stdin", "read a new HF token from standard input")
    .option("--clear-hf-token", "remove the HF token")
    .action(
      async (
        ref: string,
        options: {
          name?: string;
          url?: string;
          policy?: Policy;
          hfTokenStdin?: boolean;
          clearHfToken?: boolean;
        },
      ) => {
        if (options.hfTokenStdin && options.clearHfToken) {
          throw new UsageError("Give --hf-token-stdin or --clear-hf-token, not both.");
        }
        const body = {
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.url === undefined ? {} : { hf_hub_url: options.url }),
          ...(options.policy === undefined ? {} : { policy: options.policy }),
          ...(options.hfTokenStdin ? { hf_token: await hfTokenFromStdin(ctx) } : {}),
          ...(options.clearHfToken ? { hf_token: null } : {}),
        };
        if (Object.keys(body).length === 0)
          throw new UsageError("Nothing to change: give at least one option.");
        const row = await ok((await ctx.client()).PATCH(`${REMOTES}{id}/`, { ...(await item(ref)), body }));
        ctx.print(row, () => `Updated remote ${row.name}.`);
      },
    );

  remote
    .command("delete <remote>")
    .description("Delete a remote (not one a distribution still serves)")
    .action(async (ref: string) => {
      const path = await item(ref);
      await ok((await ctx.client()).DELETE(`${REMOTES}{id}/`, path));
      ctx.print({ deleted: path.params.path.id }, () => `Deleted remote ${ref}.`);
    });
}

export function distributionCommands(program: Command, ctx: Context): void {
  const distribution = program
    .command("distribution")
    .description("Distributions: the base paths clients download from (HF_ENDPOINT)")
    .addHelpText(
      "after",
      "\nExamples:\n  hubcache distribution create --name models --base-path research/models --remote hf --private",
    );
  const item = async (ref: string) => ({ params: { path: { id: await distributionId(ctx, ref) } } });
  const remoteHref = async (ref: string) => `${REMOTES}${await remoteId(ctx, ref)}/`;

  distribution
    .command("list")
    .description("List distributions")
    .action(async () => {
      const client = await ctx.client();
      const page = await allPages((query) => ok(client.GET(DISTRIBUTIONS, { params: { query } })));
      ctx.print(page, () =>
        table(
          ["NAME", "BASE PATH", "PUBLIC", "URL"],
          page.results.map((row) => [row.name, row.base_path, row.public ? "yes" : "no", row.base_url]),
        ),
      );
    });

  distribution
    .command("create")
    .description("Create a distribution")
    .requiredOption("--name <name>", "its name")
    .requiredOption("--base-path <path>", "where it is served, e.g. research/models")
    .requiredOption("--remote <remote>", "the remote it serves (name or href)")
    .option("--private", "clients need an access token")
    .option("--team <team>", "the team (name, slug or href); needed when you may change more than one")
    .action(
      async (options: {
        name: string;
        basePath: string;
        remote: string;
        private?: boolean;
        team?: string;
      }) => {
        const body = {
          name: options.name,
          base_path: options.basePath,
          remote: await remoteHref(options.remote),
          public: !options.private,
          ...(options.team ? { team: await teamId(ctx, options.team) } : {}),
        };
        const created = await ok((await ctx.client()).POST(DISTRIBUTIONS, { body }));
        ctx.print(created, () =>
          [
            `Created distribution ${created.name}: ${created.base_url}`,
            ...created.warnings.map((w) => `warning: ${w}`),
          ].join("\n"),
        );
      },
    );

  distribution
    .command("show <distribution>")
    .description("Show a distribution (name or href)")
    .action(async (ref: string) => {
      const row = await ok((await ctx.client()).GET(`${DISTRIBUTIONS}{id}/`, await item(ref)));
      ctx.print(row, () =>
        fields([
          ["name", row.name],
          ["base path", row.base_path],
          ["url", row.base_url],
          ["public", row.public ? "yes" : "no"],
          ["remote", row.remote],
          ["href", row.pulp_href],
          ...row.warnings.map((warning): [string, string] => ["warning", warning]),
        ]),
      );
    });

  distribution
    .command("update <distribution>")
    .description("Change the fields given; the others keep their values")
    .option("--name <name>", "a new name")
    .option("--base-path <path>", "a new base path")
    .option("--remote <remote>", "another remote of the same team")
    .option("--private", "clients need an access token")
    .option("--public", "anyone who reaches the content server may download")
    .action(
      async (
        ref: string,
        options: { name?: string; basePath?: string; remote?: string; private?: boolean; public?: boolean },
      ) => {
        if (options.private && options.public) throw new UsageError("Give --private or --public, not both.");
        const body = {
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.basePath === undefined ? {} : { base_path: options.basePath }),
          ...(options.remote === undefined ? {} : { remote: await remoteHref(options.remote) }),
          ...(options.private ? { public: false } : {}),
          ...(options.public ? { public: true } : {}),
        };
        if (Object.keys(body).length === 0)
          throw new UsageError("Nothing to change: give at least one option.");
        const row = await ok(
          (await ctx.client()).PATCH(`${DISTRIBUTIONS}{id}/`, { ...(await item(ref)), body }),
        );
        ctx.print(row, () => `Updated distribution ${row.name}.`);
      },
    );

  distribution
    .command("delete <distribution>")
    .description("Delete a distribution")
    .action(async (ref: string) => {
      const path = await item(ref);
      await ok((await ctx.client()).DELETE(`${DISTRIBUTIONS}{id}/`, path));
      ctx.print({ deleted: path.params.path.id }, () => `Deleted distribution ${ref}.`);
    });
}
