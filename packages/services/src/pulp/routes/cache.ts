import { z } from "zod";
import { refused } from "../../errors.ts";
import { pagingSchema, REPO_TYPES } from "../../schemas.ts";
import { cachedCommitOf, cachedFiles, cacheOverview } from "../../services/cache.ts";
import {
  cancelPrefetchJob,
  getPrefetchJob,
  listPrefetchJobsPage,
  requestPrefetch,
} from "../../services/prefetch.ts";
import { requestPurge } from "../../services/storage.ts";
import { examples, pageExample } from "../examples.ts";
import {
  json,
  paginateAll,
  paginated,
  PULP_API_PREFIX,
  parseQuery,
  readJson,
  withPulpErrors,
  type Operation,
  type PulpApiDeps,
} from "../http.ts";
import {
  cachedFileSchema,
  cachedRepoSchema,
  DISTRIBUTIONS,
  hrefs,
  idOf,
  pageOf,
  serializeCachedFile,
  serializeCachedRepo,
  serializeTask,
  STATUSES_OF,
  TASK_STATES,
  taskRefSchema,
  taskSchema,
} from "../resources.ts";
import { purgeExample, purgeSchema, wire } from "./storage.ts";

/** The REST names of the cache's fields ↔ the services'. */
const CACHE_FIELDS = {
  repo: "repoId",
  repo_type: "repoType",
  revision: "revision",
  path: "path",
  distribution: "distributionId",
} as const;
const PURGE_FIELDS = { ...CACHE_FIELDS, revision: "commit" } as const;

const repoType = z.enum(REPO_TYPES, "Choose model, dataset or space.").default("model");
const revisionDoc = "A commit, or a branch or tag the cache has resolved";

const purgeBody = z.object({
  repo: z.string().describe("A repo id such as openai-community/gpt2"),
  repo_type: z.enum(REPO_TYPES).optional().describe("Default: model"),
  revision: z.string().optional().describe(`Purge this revision only: ${revisionDoc.toLowerCase()}`),
  path: z.string().optional().describe("Purge this file only (needs `revision`)"),
});
const prefetchBody = z.object({
  repo: z.string().describe("A repo id such as openai-community/gpt2"),
  repo_type: z.enum(REPO_TYPES).optional().describe("Default: model"),
  revision: z.string().optional().describe("A branch, tag or commit; default: main"),
});

/** A distribution's cache: what it holds, purge, pre-fetch; and the pre-fetch tasks. */
export function cacheRoutes(deps: PulpApiDeps): Operation[] {
  const { db } = deps;
  const cachePath = `${DISTRIBUTIONS}{id}/cache/`;
  const task = { description: "The task", schema: taskSchema, example: examples.task };
  return [
    {
      method: "GET",
      path: cachePath,
      doc: {
        tag: "cache",
        summary: "List the repos a distribution has cached, with their revisions, files and bytes",
        query: [
          { name: "repo", description: "Only this repo" },
          { name: "repo_type", description: "Only this type: model, dataset or space" },
          { name: "limit", description: "Page size (1-1000, default 100)" },
          { name: "offset", description: "Items to skip" },
        ],
        responses: {
          "200": {
            description: "A page of cached repos, largest first",
            schema: pageOf(cachedRepoSchema),
            example: pageExample(examples.cachedRepo),
          },
        },
      },
      async handle({ url, actor, params }) {
        const query = parseQuery(
          url,
          pagingSchema.extend({ repo: z.string().optional(), repo_type: z.enum(REPO_TYPES).optional() }),
        );
        const { repos } = await cacheOverview(db, actor, params.id ?? "");
        const rows = repos.filter(
          (repo) =>
            (query.repo === undefined || repo.repoId === query.repo) &&
            (query.repo_type === undefined || repo.repoType === query.repo_type),
        );
        return paginateAll(url, query, rows.map(serializeCachedRepo));
      },
    },
    {
      method: "GET",
      path: `${cachePath}files/`,
      doc: {
        tag: "cache",
        summary: "List the cached files of one repo (optionally one revision), largest first",
        query: [
          { name: "repo", description: "The repo (required)", required: true },
          { name: "repo_type", description: "model (default), dataset or space" },
          { name: "revision", description: revisionDoc },
          { name: "limit", description: "Page size (1-1000, default 100)" },
          { name: "offset", description: "Items to skip" },
        ],
        responses: {
          "200": {
            description: "A page of cached files",
            schema: pageOf(cachedFileSchema),
            example: pageExample(examples.cachedFile),
          },
        },
      },
      async handle({ url, actor, params }) {
        const distributionId = params.id ?? "";
        const query = parseQuery(
          url,
          pagingSchema.extend({
            repo: z.string("Give the repo.").min(1, "Give the repo."),
            repo_type: repoType,
            revision: z.string().min(1).optional(),
          }),
        );
        const repo = { repoType: query.repo_type, repoId: query.repo };
        const commit =
          query.revision === undefined
            ? undefined
            : await cachedCommitOf(db, actor, distributionId, { ...repo, revision: query.revision });
        const files = await cachedFiles(db, actor, distributionId, {
          ...repo,
          ...(commit ? { commit } : {}),
        });
        return paginateAll(
          url,
          query,
          files.map((file) => serializeCachedFile(repo, file)),
        );
      },
    },
    {
      method: "POST",
      path: `${cachePath}purge/`,
      doc: {
        tag: "cache",
        summary: "Purge a repo, a revision or a file from a distribution's cache (admins and owners)",
        description:
          "Queues a purge job that the content server (which owns the stored bytes) carries out: the index " +
          "entries go, then the stored bytes no other entry (of any team) uses. A branch or tag is purged at " +
          "the commit the cache last resolved it to. Follow the job in `hubcache/distributions/{id}/purges/` " +
          "(the Location header): once `done`, it says how many files, stored blobs and bytes went. Clients " +
          "fetch what was purged from the Hub again on their next request.",
        body: { schema: purgeBody, example: { repo: "openai-community/gpt2", revision: "main" } },
        responses: {
          "202": {
            description: "Queued: the purge job",
            schema: purgeSchema,
            example: { ...purgeExample, commit: "607a30d783dfa663caf39e06633721c8d4cfcd7e" },
          },
        },
      },
      async handle({ request, actor, params }) {
        const distributionId = params.id ?? "";
        const body = await readJson(request);
        const job = await withPulpErrors(PURGE_FIELDS, async () => {
          const target = {
            repoType: body.repo_type ?? "model",
            repoId: body.repo,
            ...(body.path === undefined ? {} : { path: body.path }),
          };
          if (body.revision === undefined) return requestPurge(db, actor, distributionId, target);
          if (typeof body.revision !== "string" || typeof target.repoId !== "string") {
            throw refused(400, "Invalid input.", {
              ...(typeof body.revision === "string" ? {} : { commit: ["Give the revision as a string."] }),
              ...(typeof target.repoId === "string" ? {} : { repoId: ["Give the repo."] }),
            });
          }
          const commit = await cachedCommitOf(db, actor, distributionId, {
            repoType: String(target.repoType),
            repoId: target.repoId,
            revision: body.revision,
          });
          return requestPurge(db, actor, distributionId, { ...target, commit });
        });
        const location = `${PULP_API_PREFIX}hubcache/distributions/${job.distributionId}/purges/`;
        return json(202, wire(job), { location });
      },
    },
    {
      method: "POST",
      path: `${DISTRIBUTIONS}{id}/prefetch/`,
      doc: {
        tag: "cache",
        summary: "Pre-fetch a whole repo at a revision into the cache (admins and owners)",
        description: "The content server runs it; follow the task it answers with.",
        body: {
          schema: prefetchBody,
          example: { repo: "openai-community/gpt2", repo_type: "model", revision: "main" },
        },
        responses: { "202": { description: "Queued", schema: taskRefSchema, example: examples.taskRef } },
      },
      async handle({ request, actor, params }) {
        const body = await readJson(request);
        const job = await withPulpErrors(CACHE_FIELDS, () =>
          requestPrefetch(db, actor, {
            distributionId: params.id ?? "",
            repoId: body.repo,
            repoType: body.repo_type,
            revision: body.revision,
          }),
        );
        return json(202, { task: hrefs.task(job.id) }, { location: hrefs.task(job.id) });
      },
    },
    {
      method: "GET",
      path: "tasks/",
      doc: {
        tag: "tasks",
        summary: "List the tasks (pre-fetches) of the caller's distributions, newest first",
        query: [
          { name: "distribution", description: "Only this distribution's (pulp_href or id)" },
          { name: "state", description: `Only in this state: ${TASK_STATES.join(", ")}` },
          { name: "limit", description: "Page size (1-1000, default 100)" },
          { name: "offset", description: "Items to skip" },
        ],
        responses: {
          "200": {
            description: "A page of tasks",
            schema: pageOf(taskSchema),
            example: pageExample(examples.task),
          },
        },
      },
      async handle({ url, actor }) {
        const query = parseQuery(
          url,
          pagingSchema.extend({
            distribution: z.string().min(1).optional(),
            state: z.enum(TASK_STATES, `Choose one of ${TASK_STATES.join(", ")}.`).optional(),
          }),
        );
        const distributionId =
          query.distribution === undefined ? undefined : String(idOf(query.distribution, DISTRIBUTIONS));
        const { count, items } = await listPrefetchJobsPage(db, actor, {
          limit: query.limit,
          offset: query.offset,
          ...(distributionId ? { distributionId } : {}),
          ...(query.state ? { statuses: [STATUSES_OF[query.state]] } : {}),
        });
        return paginated(url, query, count, items.map(serializeTask));
      },
    },
    {
      method: "GET",
      path: "tasks/{id}/",
      doc: {
        tag: "tasks",
        summary: "Show a task: state, progress (files and bytes), error",
        responses: { "200": task },
      },
      async handle({ actor, params }) {
        return json(200, serializeTask(await getPrefetchJob(db, actor, params.id ?? "")));
      },
    },
    {
      method: "PATCH",
      path: "tasks/{id}/",
      doc: {
        tag: "tasks",
        summary: 'Cancel a waiting or running task: send `{"state": "canceled"}` (admins and owners)',
        description: "A running pre-fetch stops after the file it is fetching; what it fetched stays cached.",
        body: { schema: z.object({ state: z.literal("canceled") }), example: { state: "canceled" } },
        responses: {
          "200": { ...task, description: "Canceled", example: { ...examples.task, state: "canceled" } },
          "409": { description: "The task has already finished" },
        },
      },
      async handle({ request, actor, params }) {
        const body = await readJson(request);
        const id = params.id ?? "";
        // Visible first: another team's task is a 404 whatever the body.
        await getPrefetchJob(db, actor, id);
        if (body.state !== "canceled") throw refused(400, "Invalid input.", { state: ['Send "canceled".'] });
        return json(200, serializeTask(await cancelPrefetchJob(db, actor, id)));
      },
    },
  ];
}
