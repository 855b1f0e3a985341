import { Command, CommanderError } from "commander";
import { accountCommands } from "./commands/account.ts";
import { cacheCommands } from "./commands/cache.ts";
import { distributionCommands, remoteCommands } from "./commands/remotes.ts";
import { teamCommands } from "./commands/teams.ts";
import { tokenCommands } from "./commands/tokens.ts";
import { Context, type GlobalOptions } from "./context.ts";
import { ApiFailure, UsageError } from "./errors.ts";
import { processIo, type Io } from "./output.ts";

/** Exit codes: 0 success, 1 the API refused or failed (its message shown), 2 bad usage. */
export const EXIT = { ok: 0, api: 1, usage: 2 } as const;

export function buildProgram(ctx: Context, io: Io): Command {
  const program = new Command("hubcache")
    .description(
      "Manage a Hubcache instance (a pull-through cache of the Hugging Face Hub) over its REST API",
    )
    .option("--url <url>", "the console's URL (env HUBCACHE_URL; default: what login stored)")
    .option("--token <token>", "a personal API token (env HUBCACHE_TOKEN; default: what login stored)")
    .option("--json", "print the API's JSON instead of tables")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `
Examples:
  hubcache login --url http://localhost:3000 --token hcapi_…
  hubcache team create Research
  hubcache remote create --name hf --url https://huggingface.co --policy on_demand --team research
  hubcache distribution create --name models --base-path research/models --remote hf --private
  hubcache token create --name ci
  hubcache cache prefetch --distribution models --repo gpt2 --wait
  hubcache cache ls --distribution models --json`,
    );
  program.configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  accountCommands(program, ctx);
  teamCommands(program, ctx);
  remoteCommands(program, ctx);
  distributionCommands(program, ctx);
  tokenCommands(program, ctx);
  cacheCommands(program, ctx);
  // Options after the subcommand belong to it: `remote create --url` is the Hub's URL, not the console's.
  program.enablePositionalOptions();
  // Every level: usage errors exit 2 instead of ending the process, so main() decides the code. Each
  // command also takes the global options after its own (`hubcache team list --json`), unless it has an
  // option of that name itself.
  const configure = (command: Command) => {
    command.exitOverride();
    command.configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
    if (command !== program && command.commands.length === 0) {
      const added = new Set<string>();
      for (const global of program.options) {
        if (global.long === undefined || command.options.some((own) => own.long === global.long)) continue;
        command.option(global.flags, global.description);
        added.add(global.attributeName());
      }
      LEAF_GLOBALS.set(command, added);
    }
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** The global options each command took over (see configure). */
const LEAF_GLOBALS = new WeakMap<Command, Set<string>>();

/** The global options: given before the command, or after it (those win). */
function globalsOf(program: Command): GlobalOptions {
  const options: Record<string, unknown> = { ...program.opts() };
  const leaf = lastCommand(program);
  const added = leaf ? LEAF_GLOBALS.get(leaf) : undefined;
  if (leaf && added) {
    for (const [key, value] of Object.entries(leaf.opts())) {
      if (added.has(key) && value !== undefined) options[key] = value;
    }
  }
  return options as GlobalOptions;
}

/** The command that ran: commander records the one whose action was called last. */
let ranCommand: Command | null = null;
const lastCommand = (_program: Command) => ranCommand;

/** Runs the CLI; returns the exit code. */
export async function main(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let program: Command | null = null;
  const ctx = new Context(io, env, () => (program ? globalsOf(program) : {}));
  program = buildProgram(ctx, io);
  program.hook("preAction", (_root, actionCommand) => {
    ranCommand = actionCommand;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof ApiFailure) {
      io.err(`error: ${error.message}`);
      return EXIT.api;
    }
    throw error;
  }
}
