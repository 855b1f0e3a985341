import { z } from "zod";
import {
  createPin,
  deletePin,
  instanceStorage,
  listPins,
  listPurgeJobs,
  requestPurge,
  setTeamLimits,
  teamStorage,
} from "../../services/storage.ts";
import { purgeTargetSchema, REPO_TYPES } from "../../schemas.ts";
import { json, onTheWire, readJson, type Operation, type PulpApiDeps } from "../http.ts";
import {
  instanceStorageViewSchema,
  pinViewSchema,
  purgeJobViewSchema,
  teamStorageViewSchema,
} from "../../schemas.ts";

/*
 * Storage: quotas, retention, pins and queued purges (not Pulp's: Pulp has none), under `hubcache/`,
 * JSON with the services' field names. The content server, which owns the bytes, carries purges out.
 */

const teamStorageSchema = onTheWire(teamStorageViewSchema);
const instanceStorageSchema = onTheWire(instanceStorageViewSchema);
const pinSchema = onTheWire(pinViewSchema);
export const purgeSchema = onTheWire(purgeJobViewSchema);

const when = "2026-11-28T01:00:00.000Z";
const pinExample = {
  id: "cm0pin0000000000000000001",
  distributionId: "cm0dist000000000000000001",
  repoType: "model",
  repoId: "openai-community/gpt2",
  commit: null,
  path: null,
  createdBy: "alice",
  createdAt: when,
};
export const purgeExample = {
  id: "cm0purge00000000000000001",
  distributionId: "cm0dist000000000000000001",
  repoType: "model",
  repoId: "openai-community/gpt2",
  commit: null,
  path: null,
  status: "queued",
  files: 0,
  blobs: 0,
  bytes: 0,
  error: null,
  requestedBy: "alice",
  createdAt: when,
  updatedAt: when,
};
const teamStorageExample = {
  teamId: "cm0team000000000000000001",
  slug: "ml-platform",
  usedBytes: 548_000_000,
  quotaBytes: 1_000_000_000,
  retentionDays: 30,
  pinnedBytes: 548_000_000,
  pins: [
    {
      id: "cm0pin0000000000000000001",
      remoteId: "cm0remote0000000000000001",
      remoteName: "hf",
      repoType: "model",
      repoId: "gpt2",
      commit: null,
      path: null,
      createdBy: "alice",
      createdAt: when,
    },
  ],
  largestRepos: [
    {
      remoteId: "cm0remote0000000000000001",
      repoType: "model",
      repoId: "gpt2",
      files: 3,
      bytes: 548_000_000,
    },
  ],
  recentEvictions: [],
};

/** Dates as ISO strings, as everywhere in the REST API. */
export const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

export function storageRoutes(deps: PulpApiDeps): Operation[] {
  const { db } = deps;
  const tag = "storage";
  return [
    {
      method: "GET",
      path: "hubcache/storage/",
      doc: {
        tag,
        summary: "The bytes the instance stores, and every team's usage and quota (instance admin)",
        responses: {
          "200": {
            description: "Instance storage",
            schema: instanceStorageSchema,
            example: {
              storedBytes: 548_000_000,
              limitBytes: 10_000_000_000,
              teams: [
                {
                  teamId: teamStorageExample.teamId,
                  slug: teamStorageExample.slug,
                  usedBytes: teamStorageExample.usedBytes,
                  quotaBytes: teamStorageExample.quotaBytes,
                },
              ],
            },
          },
        },
      },
      handle: async ({ actor }) => json(200, wire(await instanceStorage(db, actor))),
    },
    {
      method: "GET",
      path: "hubcache/teams/{team}/storage/",
      doc: {
        tag,
        summary: "A team's usage against its quota: pins, largest repos, recent evictions",
        responses: {
          "200": { description: "Team storage", schema: teamStorageSchema, example: teamStorageExample },
        },
      },
      handle: async ({ actor, params }) => json(200, wire(await teamStorage(db, actor, params.team ?? ""))),
    },
    {
      method: "PATCH",
      path: "hubcache/teams/{team}/storage/",
      doc: {
        tag,
        summary: "Set a team's quota (instance admin) or retention in days (the team's admins too)",
        body: {
          schema: z.object({
            quotaBytes: z.number().int().nullable().optional(),
            retentionDays: z.number().int().nullable().optional(),
          }),
          example: { quotaBytes: 1_000_000_000, retentionDays: 30 },
        },
        responses: {
          "200": { description: "Team storage", schema: teamStorageSchema, example: teamStorageExample },
        },
      },
      handle: async ({ actor, params, request }) =>
        json(200, wire(await setTeamLimits(db, actor, params.team ?? "", await readJson(request)))),
    },
    {
      method: "GET",
      path: "hubcache/distributions/{id}/pins/",
      doc: {
        tag,
        summary: "What is pinned in a distribution's cache (never evicted, counted in the quota)",
        responses: {
          "200": {
            description: "Pins",
            schema: z.object({ results: z.array(pinSchema) }),
            example: { results: [pinExample] },
          },
        },
      },
      handle: async ({ actor, params }) =>
        json(200, { results: wire(await listPins(db, actor, params.id ?? "")) }),
    },
    {
      method: "POST",
      path: "hubcache/distributions/{id}/pins/",
      doc: {
        tag,
        summary: "Pin a repo, or a repo at a revision (a commit, or a branch the cache has resolved)",
        description:
          "With `path`, only a file, or a folder (every file below it), of the repo or of the revision. " +
          "Pinned files are never evicted and count against the team's quota.",
        body: {
          schema: z.object({
            repoType: z.enum(REPO_TYPES).optional(),
            repoId: z.string(),
            revision: z.string().optional().describe("A commit, or a branch or tag the cache has resolved"),
            path: z.string().optional().describe("A file or a folder of the repo, e.g. onnx/"),
          }),
          example: { repoType: "model", repoId: "openai-community/gpt2", revision: "main", path: "onnx/" },
        },
        responses: {
          "201": {
            description: "The pin",
            schema: pinSchema,
            example: { ...pinExample, commit: "607a30d783dfa663caf39e06633721c8d4cfcd7e", path: "onnx" },
          },
        },
      },
      handle: async ({ actor, params, request }) =>
        json(
          201,
          wire(await createPin(db, actor, { ...(await readJson(request)), distributionId: params.id })),
        ),
    },
    {
      method: "DELETE",
      path: "hubcache/distributions/{id}/pins/{pin}/",
      doc: { tag, summary: "Unpin", responses: { "204": { description: "Unpinned" } } },
      handle: async ({ actor, params }) => {
        await deletePin(db, actor, params.id ?? "", params.pin ?? "");
        return json(204, null);
      },
    },
    {
      method: "GET",
      path: "hubcache/distributions/{id}/purges/",
      doc: {
        tag,
        summary: "Purges queued for the content server, and their results",
        responses: {
          "200": {
            description: "Purge jobs",
            schema: z.object({ results: z.array(purgeSchema) }),
            example: { results: [purgeExample] },
          },
        },
      },
      handle: async ({ actor, params }) =>
        json(200, { results: wire(await listPurgeJobs(db, actor, params.id ?? "")) }),
    },
    {
      method: "POST",
      path: "hubcache/distributions/{id}/purges/",
      doc: {
        tag,
        summary: "Queue a purge of a repo, a commit or a file; the content server carries it out",
        body: {
          schema: purgeTargetSchema,
          example: { repoType: "model", repoId: "openai-community/gpt2" },
        },
        responses: { "201": { description: "The queued purge", schema: purgeSchema, example: purgeExample } },
      },
      handle: async ({ actor, params, request }) =>
        json(201, wire(await requestPurge(db, actor, params.id ?? "", await readJson(request)))),
    },
  ];
}
