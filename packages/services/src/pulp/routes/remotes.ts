import { refused } from "../../errors.ts";
import { teamChosenOverRest } from "../../services/access.ts";
import { pageSchema } from "../../schemas.ts";
import {
  createDistribution,
  deleteDistribution,
  getDistribution,
  listDistributionsFor,
  replaceDistribution,
  updateDistribution,
} from "../../services/distributions.ts";
import {
  createRemote,
  deleteRemote,
  getRemote,
  listRemotes,
  replaceRemote,
  updateRemote,
} from "../../services/remotes.ts";
import { examples, pageExample } from "../examples.ts";
import { DISTRIBUTION_FIELDS, REMOTE_FIELDS, toDomain } from "../fields.ts";
import { json, paginated, readJson, withPulpErrors, type Operation, type PulpApiDeps } from "../http.ts";
import {
  distributionSchema,
  DISTRIBUTIONS,
  hrefs,
  idOf,
  pageOf,
  remoteSchema,
  REMOTES,
  serializeDistribution,
  serializeRemote,
} from "../resources.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const listQuery = [
  { name: "name", description: "Only the object with this name" },
  { name: "limit", description: "Page size (1-1000, default 100)" },
  { name: "offset", description: "Items to skip" },
];
const teamNote =
  "`team` (a slug or id) picks the team; required when the caller may change more than one (400 on `team`).";

function parsePage(url: URL) {
  const page = pageSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!page.success) throw refused(400, "limit and offset must be non-negative integers.");
  return page.data;
}

/** The seed's remotes and distributions (Pulp's hugging_face plugin paths and shapes). */
export function remoteRoutes(deps: PulpApiDeps): Operation[] {
  const { db } = deps;
  const remoteOptions = { secrets: deps.secrets, urlAllowlist: deps.urlAllowlist };
  const distributionInput = (body: Record<string, unknown>) =>
    toDomain("remote" in body ? { ...body, remote: idOf(body.remote, REMOTES) } : body, DISTRIBUTION_FIELDS);
  const remote = { description: "The remote", schema: remoteSchema, example: examples.remote };
  const distribution = {
    description: "The distribution",
    schema: distributionSchema,
    example: examples.distribution,
  };
  const remoteBody = {
    schema: ref("HuggingFaceRemote"),
    example: { name: "hf-remote", policy: "on_demand" },
  };
  const distributionBody = {
    schema: ref("HuggingFaceDistribution"),
    example: {
      name: "hf-proxy",
      base_path: "research/models",
      remote: examples.remote.pulp_href,
      public: false,
    },
  };

  return [
    {
      method: "GET",
      path: REMOTES,
      doc: {
        tag: "remotes",
        summary: "List remotes",
        query: listQuery,
        responses: {
          "200": {
            description: "A page of remotes",
            schema: pageOf(remoteSchema),
            example: pageExample(examples.remote),
          },
        },
      },
      async handle({ url, actor }) {
        const page = parsePage(url);
        const { count, items } = await listRemotes(db, actor, page);
        return paginated(url, page, count, items.map(serializeRemote));
      },
    },
    {
      method: "POST",
      path: REMOTES,
      doc: {
        tag: "remotes",
        summary: "Create a remote",
        description: teamNote,
        body: remoteBody,
        responses: { "201": { ...remote, description: "Created" } },
      },
      async handle({ request, actor }) {
        const body = await readJson(request);
        const created = await withPulpErrors(REMOTE_FIELDS, async () =>
          createRemote(
            db,
            actor,
            toDomain(body, REMOTE_FIELDS),
            remoteOptions,
            await teamChosenOverRest(db, actor, body.team),
          ),
        );
        return json(201, serializeRemote(created), { location: hrefs.remote(created.id) });
      },
    },
    {
      method: "GET",
      path: `${REMOTES}{id}/`,
      doc: { tag: "remotes", summary: "Show a remote", responses: { "200": remote } },
      async handle({ actor, params }) {
        return json(200, serializeRemote(await getRemote(db, actor, params.id ?? "")));
      },
    },
    {
      method: "PUT",
      path: `${REMOTES}{id}/`,
      doc: {
        tag: "remotes",
        summary: "Replace a remote: omitted fields take their defaults",
        body: remoteBody,
        responses: { "200": { ...remote, description: "Replaced" } },
      },
      async handle({ request, actor, params }) {
        const body = await readJson(request);
        const changed = await withPulpErrors(REMOTE_FIELDS, () =>
          replaceRemote(db, actor, params.id ?? "", toDomain(body, REMOTE_FIELDS), remoteOptions),
        );
        return json(200, serializeRemote(changed));
      },
    },
    {
      method: "PATCH",
      path: `${REMOTES}{id}/`,
      doc: {
        tag: "remotes",
        summary: "Change the fields sent; the others keep their values",
        body: { schema: ref("PatchedHuggingFaceRemote"), example: { policy: "streamed" } },
        responses: { "200": { ...remote, description: "Updated" } },
      },
      async handle({ request, actor, params }) {
        const body = await readJson(request);
        const changed = await withPulpErrors(REMOTE_FIELDS, () =>
          updateRemote(db, actor, params.id ?? "", toDomain(body, REMOTE_FIELDS), remoteOptions),
        );
        return json(200, serializeRemote(changed));
      },
    },
    {
      method: "DELETE",
      path: `${REMOTES}{id}/`,
      doc: {
        tag: "remotes",
        summary: "Delete a remote (one still served by a distribution cannot go)",
        responses: { "204": { description: "Deleted" } },
      },
      async handle({ actor, params }) {
        await deleteRemote(db, actor, params.id ?? "");
        return json(204, null);
      },
    },
    {
      method: "GET",
      path: DISTRIBUTIONS,
      doc: {
        tag: "distributions",
        summary: "List distributions",
        query: listQuery,
        responses: {
          "200": {
            description: "A page of distributions",
            schema: pageOf(distributionSchema),
            example: pageExample(examples.distribution),
          },
        },
      },
      async handle({ url, actor }) {
        const page = parsePage(url);
        const { count, items } = await listDistributionsFor(db, actor, page);
        return paginated(
          url,
          page,
          count,
          items.map((item) => serializeDistribution(item, deps.contentUrl)),
        );
      },
    },
    {
      method: "POST",
      path: DISTRIBUTIONS,
      doc: {
        tag: "distributions",
        summary: "Create a distribution",
        description: teamNote,
        body: distributionBody,
        responses: { "201": { ...distribution, description: "Created" } },
      },
      async handle({ request, actor }) {
        const body = await readJson(request);
        const created = await withPulpErrors(DISTRIBUTION_FIELDS, async () =>
          createDistribution(
            db,
            actor,
            distributionInput(body),
            await teamChosenOverRest(db, actor, body.team),
          ),
        );
        return json(201, serializeDistribution(created, deps.contentUrl), {
          location: hrefs.distribution(created.id),
        });
      },
    },
    {
      method: "GET",
      path: `${DISTRIBUTIONS}{id}/`,
      doc: { tag: "distributions", summary: "Show a distribution", responses: { "200": distribution } },
      async handle({ actor, params }) {
        return json(
          200,
          serializeDistribution(await getDistribution(db, actor, params.id ?? ""), deps.contentUrl),
        );
      },
    },
    {
      method: "PUT",
      path: `${DISTRIBUTIONS}{id}/`,
      doc: {
        tag: "distributions",
        summary: "Replace a distribution: omitted fields take their defaults",
        body: distributionBody,
        responses: { "200": { ...distribution, description: "Replaced" } },
      },
      async handle({ request, actor, params }) {
        const input = distributionInput(await readJson(request));
        const changed = await withPulpErrors(DISTRIBUTION_FIELDS, () =>
          replaceDistribution(db, actor, params.id ?? "", input),
        );
        return json(200, serializeDistribution(changed, deps.contentUrl));
      },
    },
    {
      method: "PATCH",
      path: `${DISTRIBUTIONS}{id}/`,
      doc: {
        tag: "distributions",
        summary: "Change the fields sent; the others keep their values",
        body: { schema: ref("PatchedHuggingFaceDistribution"), example: { public: false } },
        responses: { "200": { ...distribution, description: "Updated" } },
      },
      async handle({ request, actor, params }) {
        const input = distributionInput(await readJson(request));
        const changed = await withPulpErrors(DISTRIBUTION_FIELDS, () =>
          updateDistribution(db, actor, params.id ?? "", input),
        );
        return json(200, serializeDistribution(changed, deps.contentUrl));
      },
    },
    {
      method: "DELETE",
      path: `${DISTRIBUTIONS}{id}/`,
      doc: {
        tag: "distributions",
        summary: "Delete a distribution",
        responses: { "204": { description: "Deleted" } },
      },
      async handle({ actor, params }) {
        await deleteDistribution(db, actor, params.id ?? "");
        return json(204, null);
      },
    },
  ];
}
