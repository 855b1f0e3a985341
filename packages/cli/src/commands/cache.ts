import { Option, type Command } from "commander";
import { SingleBar } from "cli-progress";
import { ok } from "../client.ts";
import { allPages, distributionId, taskId, type Context } from "../context.ts";
import { ApiFailure, UsageError } from "../errors.ts";
import type { paths } from "../generated/api.ts";
import { bytes, fields, table } from "../output.ts";

type Task = paths["/pulp/api/v3/tasks/{id}/"]["get"]["responses"]["200"]["content"]["application/json"];
const REPO_TYPES = ["model", "dataset", "space"] as const;
type RepoType = (typeof REPO_TYPES)[number];
const FINAL = new Set(["completed", "failed", "canceled"]);
const PURGE_FINAL = new Set(["done", "failed"]);
const COMMIT = /^[0-9a-f]{40}$/;
type PurgeJob =
  paths["/pulp/api/v3/hubcache/distributions/{id}/purges/"]["get"]["responses"]["200"]["content"]["application/json"]["results"][number];
type Pin =
  paths["/pulp/api/v3/hubcache/distributions/{id}/pins/"]["get"]["responses"]["200"]["content"]["application/json"]["results"][number];

/** "model gpt2", "model gpt2@607a30d7", "model gpt2@607a30d7 config.json". */
function describePurge(job: Pick<PurgeJob, "repoType" | "repoId" | "commit" | "path">): string {
  return `${job.repoType} ${job.repoId}${job.commit ? `@${job.commit.slice(0, 8)}` : ""}${job.path ? ` ${job.path}` : ""}`;
}

/** "model gpt2 (every revision)", "model gpt2@607a30d7… onnx". */
function describePin(pin: Pick<Pin, "repoType" | "repoId" | "commit" | "path">): string {
  return `${pin.repoType} ${pin.repoId}${pin.commit ? `@${pin.commit}` : " (every revision)"}${pin.path ? ` ${pin.path}` : ""}`;
}

/** What pin and unpin are given: the same target, so that unpin finds what pin made. */
interface PinOptions {
  distribution: string;
  repo: string;
  revision?: string;
  path?: string;
  type: RepoType;
}

/** A pin's path as the API stores it: a folder's trailing "/" dropped. */
const pinPath = (path: string | undefined) => (path === undefined ? null : path.trim().replace(/\/+$/, ""));
const CACHE = "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/";

function progressOf(task: Task) {
  const report = (code: string) =>
    task.progress_reports.find((r) => r.code === code) ?? { total: 0, done: 0 };
  return { files: report("prefetch.files"), bytes: report("prefetch.bytes") };
}

function describeTask(task: Task): string {
  const { files, bytes: size } = progressOf(task);
  return fields([
    ["task", task.pulp_href],
    ["state", task.state],
    ["repo", `${task.repo_type} ${task.repo}@${task.revision}${task.commit ? ` (${task.commit})` : ""}`],
    ["files", `${files.done}/${files.total}`],
    ["bytes", `${bytes(size.done)}/${bytes(size.total)}`],
    ["requested by", task.requested_by],
    ...(task.error ? [["error", task.error.description] as [string, string]] : []),
  ]);
}

/** Polls a task until it ends: a progress bar on a terminal, else a line per change. */
async function waitFor(ctx: Context, id: string, intervalMs: number): Promise<Task> {
  const client = await ctx.client();
  const bar =
    ctx.io.isTty && !ctx.json
      ? new SingleBar({
          format: " {bar} {percentage}% | {value}/{total} files | {done}/{size} | {rate}/s",
          hideCursor: true,
          stream: process.stderr,
        })
      : null;
  let last = "";
  const started = Date.now();
  let task: Task;
  for (;;) {
    task = await ok(client.GET("/pulp/api/v3/tasks/{id}/", { params: { path: { id } } }));
    const { files, bytes: size } = progressOf(task);
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const payload = {
      done: bytes(size.done),
      size: bytes(size.total),
      rate: bytes(Math.round(size.done / seconds)),
    };
    if (bar) {
      if (last === "") bar.start(Math.max(files.total, 1), files.done, payload);
      bar.setTotal(Math.max(files.total, 1));
      bar.update(files.done, payload);
      last = "started";
    } else if (!ctx.json) {
      // A line when the progress moves (not on every poll: the rate alone changes each time).
      const progress = `${task.state}: ${files.done}/${files.total} files, ${payload.done}/${payload.size}`;
      if (progress !== last) ctx.io.err(`${progress}, ${payload.rate}/s`);
      last = progress;
    }
    if (FINAL.has(task.state)) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  bar?.stop();
  return task;
}

export function cacheCommands(program: Command, ctx: Context): void {
  const cache = program
    .command("cache")
    .description("What a distribution has cached: list, purge, pre-fetch, pin")
    .addHelpText(
      "after",
      "\nExamples:\n  hubcache cache ls --distribution models\n  hubcache cache ls --distribution models --repo gpt2 --revision main\n  hubcache cache prefetch --distribution models --repo gpt2 --wait\n  hubcache cache purge --distribution models --repo gpt2\n  hubcache cache pin --distribution models --repo gpt2 --revision main\n  hubcache cache pin --distribution models --repo gpt2 --path onnx/\n  hubcache cache unpin --distribution models --repo gpt2 --revision main",
    );
  const repoType = () => new Option("--type <type>", "the repo's type").choices(REPO_TYPES).default("model");
  const distributionPath = async (ref: string) => ({
    params: { path: { id: await distributionId(ctx, ref) } },
  });

  cache
    .command("ls")
    .description("List cached repos, or with --repo the cached files of one repo")
    .requiredOption("--distribution <distribution>", "name or href")
    .option("--repo <repo>", "list this repo's files")
    .option(
      "--revision <revision>",
      "with --repo: only this revision's files (a commit, or a cached branch or tag)",
    )
    .addOption(repoType())
    .action(async (options: { distribution: string; repo?: string; revision?: string; type: RepoType }) => {
      if (options.repo === undefined && options.revision !== undefined) {
        throw new UsageError("--revision lists one revision's files: give the repo with --repo too.");
      }
      const client = await ctx.client();
      const { params } = await distributionPath(options.distribution);
      if (options.repo === undefined) {
        const page = await allPages((query) =>
          ok(client.GET(`${CACHE}cache/`, { params: { path: params.path, query } })),
        );
        ctx.print(page, () =>
          table(
            ["TYPE", "REPO", "FILES", "SIZE", "REVISIONS"],
            page.results.map((row) => [
              row.repo_type,
              row.repo,
              row.files,
              bytes(row.bytes),
              row.revisions.map((r) => `${r.revision}→${r.commit.slice(0, 8)}`).join(" "),
            ]),
          ),
        );
        return;
      }
      const files = {
        repo: options.repo,
        repo_type: options.type,
        ...(options.revision ? { revision: options.revision } : {}),
      };
      const page = await allPages((query) =>
        ok(
          client.GET(`${CACHE}cache/files/`, {
            params: { path: params.path, query: { ...files, ...query } },
          }),
        ),
      );
      ctx.print(page, () =>
        table(
          ["PATH", "COMMIT", "SIZE", "LFS", "HITS"],
          page.results.map((row) => [
            row.path,
            row.commit.slice(0, 8),
            bytes(row.size),
            row.lfs ? "yes" : "no",
            row.hits,
          ]),
        ),
      );
    });

  cache
    .command("purge")
    .description("Remove a repo, a revision or a file from the cache (a job the content server runs)")
    .requiredOption("--distribution <distribution>", "name or href")
    .requiredOption("--repo <repo>", "the repo")
    .option("--revision <revision>", "only this revision (a commit, or a cached branch or tag)")
    .option("--path <path>", "only this file (needs --revision)")
    .addOption(repoType())
    .option("--no-wait", "return once the purge is queued, without waiting for it to finish")
    .addOption(new Option("--poll-ms <ms>", "how often it asks").default(500).argParser(Number).hideHelp())
    .action(
      async (options: {
        distribution: string;
        repo: string;
        revision?: string;
        path?: string;
        type: RepoType;
        wait: boolean;
        pollMs: number;
      }) => {
        const body = {
          repo: options.repo,
          repo_type: options.type,
          ...(options.revision ? { revision: options.revision } : {}),
          ...(options.path ? { path: options.path } : {}),
        };
        const path = await distributionPath(options.distribution);
        const client = await ctx.client();
        const queued = await ok(client.POST(`${CACHE}cache/purge/`, { ...path, body }));
        if (!options.wait) {
          ctx.print(
            queued,
            () =>
              `Queued purge ${queued.id} of ${describePurge(queued)}.\nFollow it with: hubcache cache purges --distribution ${options.distribution}`,
          );
          return;
        }
        let job: PurgeJob = queued;
        while (!PURGE_FINAL.has(job.status)) {
          await new Promise((resolve) => setTimeout(resolve, options.pollMs));
          const list = await ok(client.GET("/pulp/api/v3/hubcache/distributions/{id}/purges/", path));
          const found = list.results.find((row) => row.id === queued.id);
          if (!found) throw new ApiFailure(404, `The purge ${queued.id} is no longer listed.`);
          job = found;
        }
        ctx.print(job, () =>
          job.status === "done"
            ? `Purged ${describePurge(job)}: ${job.files} files, ${job.blobs} stored blobs, ${bytes(job.bytes)}.`
            : `The purge of ${describePurge(job)} failed: ${job.error ?? "no reason given"}.`,
        );
        if (job.status !== "done")
          throw new ApiFailure(0, `The purge failed${job.error ? `: ${job.error}` : "."}`);
      },
    );

  cache
    .command("purges")
    .description("The latest purges of a distribution, and what each removed")
    .requiredOption("--distribution <distribution>", "name or href")
    .action(async (options: { distribution: string }) => {
      const list = await ok(
        (await ctx.client()).GET(
          "/pulp/api/v3/hubcache/distributions/{id}/purges/",
          await distributionPath(options.distribution),
        ),
      );
      ctx.print(list, () =>
        table(
          ["ID", "STATE", "WHAT", "FILES", "BLOBS", "BYTES", "BY"],
          list.results.map((job) => [
            job.id,
            job.status,
            describePurge(job),
            job.files,
            job.blobs,
            bytes(job.bytes),
            job.requestedBy,
          ]),
        ),
      );
    });

  cache
    .command("pins")
    .description("What is pinned in a distribution's cache (never evicted, counted in the quota)")
    .requiredOption("--distribution <distribution>", "name or href")
    .action(async (options: { distribution: string }) => {
      const list = await ok(
        (await ctx.client()).GET(
          "/pulp/api/v3/hubcache/distributions/{id}/pins/",
          await distributionPath(options.distribution),
        ),
      );
      ctx.print(list, () =>
        table(
          ["TYPE", "REPO", "COMMIT", "PATH", "BY"],
          list.results.map((pin) => [
            pin.repoType,
            pin.repoId,
            pin.commit ?? "(every revision)",
            pin.path ?? "(whole repo)",
            pin.createdBy,
          ]),
        ),
      );
    });

  cache
    .command("pin")
    .description(
      "Pin a repo, a repo at a revision, or a file or folder of either: never evicted, counted in the team's quota",
    )
    .requiredOption("--distribution <distribution>", "name or href")
    .requiredOption("--repo <repo>", "the repo")
    .option("--revision <revision>", "only this revision (a commit, or a cached branch or tag)")
    .option("--path <path>", "only this file, or this folder (every file below it)")
    .addOption(repoType())
    .action(async (options: PinOptions) => {
      const pin = await ok(
        (await ctx.client()).POST("/pulp/api/v3/hubcache/distributions/{id}/pins/", {
          ...(await distributionPath(options.distribution)),
          body: {
            repoType: options.type,
            repoId: options.repo,
            ...(options.revision === undefined ? {} : { revision: options.revision }),
            ...(options.path === undefined ? {} : { path: options.path }),
          },
        }),
      );
      ctx.print(pin, () => `Pinned ${describePin(pin)}.`);
    });

  cache
    .command("unpin")
    .description("Unpin what pin pinned, given the same way (its files may be evicted again)")
    .requiredOption("--distribution <distribution>", "name or href")
    .requiredOption("--repo <repo>", "the repo")
    .option("--revision <revision>", "the pinned revision (a commit, or a cached branch or tag)")
    .option("--path <path>", "the pinned file or folder")
    .addOption(repoType())
    .action(async (options: PinOptions) => {
      const client = await ctx.client();
      const distribution = await distributionPath(options.distribution);
      let commit: string | null = null;
      if (options.revision !== undefined) {
        commit = COMMIT.test(options.revision) ? options.revision : null;
        if (commit === null) {
          // A branch or tag was pinned at the commit the cache resolved it to.
          const repos = await ok(
            client.GET(`${CACHE}cache/`, {
              params: {
                path: distribution.params.path,
                query: { repo: options.repo, repo_type: options.type },
              },
            }),
          );
          commit =
            repos.results[0]?.revisions.find((row) => row.revision === options.revision)?.commit ?? null;
          if (commit === null) {
            throw new ApiFailure(
              400,
              `revision: "${options.revision}" is not a cached revision of ${options.repo}: give a commit.`,
            );
          }
        }
      }
      const pins = await ok(client.GET("/pulp/api/v3/hubcache/distributions/{id}/pins/", distribution));
      const wanted = { repoType: options.type, repoId: options.repo, commit, path: pinPath(options.path) };
      const pin = pins.results.find(
        (row) =>
          row.repoType === wanted.repoType &&
          row.repoId === wanted.repoId &&
          row.commit === wanted.commit &&
          row.path === wanted.path,
      );
      if (!pin) throw new ApiFailure(404, `No pin of ${describePin(wanted)}: see hubcache cache pins.`);
      await ok(
        client.DELETE("/pulp/api/v3/hubcache/distributions/{id}/pins/{pin}/", {
          params: { path: { id: distribution.params.path.id, pin: pin.id } },
        }),
      );
      ctx.print(pin, () => `Unpinned ${describePin(pin)}.`);
    });

  cache
    .command("prefetch")
    .description("Fetch a whole repo at a revision into the cache ahead of use")
    .requiredOption("--distribution <distribution>", "name or href")
    .requiredOption("--repo <repo>", "the repo")
    .option("--revision <revision>", "a branch, tag or commit", "main")
    .addOption(repoType())
    .option("--wait", "wait until it ends, showing its progress")
    .addOption(
      new Option("--poll-ms <ms>", "how often --wait asks").default(1000).argParser(Number).hideHelp(),
    )
    .action(
      async (options: {
        distribution: string;
        repo: string;
        revision: string;
        type: RepoType;
        wait?: boolean;
        pollMs: number;
      }) => {
        const queued = await ok(
          (await ctx.client()).POST(`${CACHE}prefetch/`, {
            ...(await distributionPath(options.distribution)),
            body: { repo: options.repo, repo_type: options.type, revision: options.revision },
          }),
        );
        if (!options.wait) {
          ctx.print(
            queued,
            () => `Queued: ${queued.task}\nFollow it with: hubcache task show ${taskId(queued.task)}`,
          );
          return;
        }
        const task = await waitFor(ctx, taskId(queued.task), options.pollMs);
        ctx.print(task, () => describeTask(task));
        if (task.state !== "completed") {
          throw new ApiFailure(
            0,
            `The pre-fetch ${task.state}${task.error ? `: ${task.error.description}` : "."}`,
          );
        }
      },
    );

  const task = program.command("task").description("Tasks (pre-fetches): show, cancel");
  task
    .command("show <task>")
    .description("Show a task's state and progress (id or href)")
    .action(async (ref: string) => {
      const row = await ok(
        (await ctx.client()).GET("/pulp/api/v3/tasks/{id}/", { params: { path: { id: taskId(ref) } } }),
      );
      ctx.print(row, () => describeTask(row));
    });
  task
    .command("cancel <task>")
    .description("Cancel a waiting or running task (what it fetched stays cached)")
    .action(async (ref: string) => {
      const row = await ok(
        (await ctx.client()).PATCH("/pulp/api/v3/tasks/{id}/", {
          params: { path: { id: taskId(ref) } },
          body: { state: "canceled" },
        }),
      );
      ctx.print(row, () => `Canceled ${row.pulp_href}.`);
    });
}
