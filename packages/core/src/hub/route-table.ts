import type { HubRoute } from "./route.ts";

/**
 * Every Hub route the official clients use, read from their sources: huggingface_hub 0.36 and 1.28
 * (`hf_api.py`, `file_download.py`, `hf_file_system.py`, `_snapshot_download.py`, `_commit_api.py`,
 * `lfs.py`), @huggingface/hub 2.17 and transformers.js 4.3. `docs/hub-routes.md` is generated from this
 * table (`npm run routes:doc -w @hubcache/core`) and a test fails when it differs; another test parses
 * every example below and checks it lands on the route kind named here, so table and router cannot drift.
 */

/** What the cache does with a route. */
export type Handling =
  /** Bound to the commit the revision resolves to, then answered from the cache for good. */
  | "cache"
  /** Passed to the upstream and sanitized (JSON only), not kept: the answer moves with the Hub. */
  | "forward"
  /** Answered by the cache itself. */
  | "local"
  /** Refused before anything reaches the upstream. */
  | "refused";

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "DELETE";

/** Who sends or reads something, in the short names the doc uses. */
export type Client = "hf 0.36" | "hf 1.x" | "hub.js" | "transformers.js";

export interface Param {
  name: string;
  /** Where it travels. */
  in: "query" | "form" | "json";
  /** Spellings and values as the clients send them. */
  values: string;
  by: readonly Client[];
  /** A boolean, read in every spelling the clients send (`BOOLEAN_PARAMS` in params.ts must name it). */
  boolean?: true;
}

export interface HeaderUse {
  name: string;
  note: string;
}

export interface RouteEntry {
  name: string;
  methods: readonly Method[];
  /** Below the base path (`HF_ENDPOINT`); `{repo}` is `org/name` or a canonical `gpt2`, with `datasets/` or `spaces/` before file routes and `{type}s` in API routes. */
  path: string;
  /** The parsed route kind the router gives it, or `refused` when parsing or the handler refuses it. */
  kind: HubRoute["kind"] | "refused";
  handling: Handling;
  why: string;
  /** Client functions that call it. */
  callers: readonly string[];
  params: readonly Param[];
  requestHeaders: readonly HeaderUse[];
  /** Response headers the clients read. */
  responseHeaders: readonly HeaderUse[];
  /** Raw paths below the base path, as the clients send them: each must parse to `kind`. */
  examples: readonly string[];
}

const ALL: readonly Client[] = ["hf 0.36", "hf 1.x", "hub.js", "transformers.js"];
const PY: readonly Client[] = ["hf 0.36", "hf 1.x"];

const AUTHORIZATION: HeaderUse = {
  name: "Authorization",
  note: "`Bearer …`: an access token of a private distribution; a public one ignores unknown tokens. Never forwarded: upstream calls carry the remote's HF token.",
};
const USER_AGENT: HeaderUse = { name: "User-Agent", note: "logged only." };
const TRACE_ID: HeaderUse = {
  name: "X-Amzn-Trace-Id",
  note: "Python adds one to every request (a uuid, or its `X-Request-Id`): ignored and never forwarded; the answer carries the cache's own `X-Request-Id`.",
};
const ERROR_HEADERS: readonly HeaderUse[] = [
  {
    name: "X-Error-Code",
    note: "`RepoNotFound`, `GatedRepo`, `RevisionNotFound`, `EntryNotFound`: the client's exception class.",
  },
  { name: "X-Error-Message", note: "shown to the user." },
];
const LINK_NEXT: HeaderUse = {
  name: "Link",
  note: '`<…>; rel="next"`, followed as given: rewritten under the distribution\'s base path.',
};
const REPO_COMMIT: HeaderUse = { name: "X-Repo-Commit", note: "the commit the answer is bound to." };

const NO_CONTENT_DISPOSITION: Param = {
  name: "noContentDisposition",
  in: "query",
  values:
    "`1` (hub.js `fileDownloadInfo({ noContentDisposition: true })`, for an iframe): ignored, the answer's `Content-Disposition` is `inline` and names the file",
  by: ["hub.js"],
  boolean: true,
};

const FILE_RESPONSE_HEADERS: readonly HeaderUse[] = [
  {
    name: "X-Repo-Commit",
    note: "the upstream's commit sha; without it Python falls back to its local cache.",
  },
  {
    name: "ETag",
    note: "the upstream's (git blob sha1, or sha256 for LFS): clients key their blob cache on it.",
  },
  { name: "X-Linked-Etag", note: "LFS files: the sha256, preferred over `ETag`." },
  { name: "X-Linked-Size", note: "LFS files: the size (Python ignores `Content-Length` on a 3xx)." },
  { name: "Content-Length", note: "the true size on a 200; the part's size on a 206." },
  {
    name: "Content-Range",
    note: "`bytes a-b/TOTAL` on a 206, `bytes */TOTAL` on a 416: hub.js and transformers.js take the size from it.",
  },
  { name: "Accept-Ranges", note: "`bytes`." },
  {
    name: "Content-Disposition",
    note: "`inline; filename*=UTF-8''…; filename=\"…\"`: the file's own name (RFC 6266), never its digest.",
  },
  {
    name: "Content-Type",
    note: "hub.js checks it for the Xet file-info type, which is never sent.",
  },
  ...ERROR_HEADERS,
];

export const HUB_ROUTES: readonly RouteEntry[] = [
  {
    name: "file",
    methods: ["GET", "HEAD"],
    path: "{repo}/resolve/{rev}/{path}",
    kind: "resolve",
    handling: "cache",
    why: "A file at a commit never changes: the branch is resolved (kept `REVISION_TTL_SECONDS`), then the bytes are served from the store, fetched once. Upstream redirects are followed server-side.",
    callers: [
      "hf_hub_download, snapshot_download, file_exists, get_hf_file_metadata (HEAD)",
      "HfFileSystem open().read() (Range a-b), get_safetensors_metadata (Range 0-100000, then 8-N)",
      "hub.js downloadFile, fileDownloadInfo (GET with Range: bytes=0-0)",
      "transformers.js from_pretrained (Range: bytes=0-0 probe, then GET)",
    ],
    params: [NO_CONTENT_DISPOSITION],
    requestHeaders: [
      AUTHORIZATION,
      {
        name: "Range",
        note: "`bytes=0-0` (JS probes), `bytes=a-b` (HfFileSystem, safetensors headers), `bytes=N-` (resume): 206, or 416 with `bytes */TOTAL`.",
      },
      {
        name: "Accept",
        note: "hub.js asks for `application/vnd.xet-fileinfo+json, */*`: never forwarded, never answered with it.",
      },
      { name: "Accept-Encoding", note: "`identity` (Python): bodies are never compressed." },
      {
        name: "Cache-Control, Pragma",
        note: "`no-cache`: fetch adds both to transformers.js's size probe (`cache: 'no-store'`). Ignored: a file at a commit never changes, and a branch is asked upstream again only after `REVISION_TTL_SECONDS`.",
      },
      TRACE_ID,
      USER_AGENT,
    ],
    responseHeaders: FILE_RESPONSE_HEADERS,
    examples: [
      "gpt2/resolve/main/config.json",
      "demo/tiny-model/resolve/main/model.safetensors",
      "datasets/demo/tiny-dataset/resolve/main/data/test.csv",
      "spaces/demo/tiny-space/resolve/main/app.py",
      "demo/tiny-model/resolve/refs%2Fpr%2F1/config.json",
      "demo/tiny-model/resolve/refs/pr/1/config.json",
      "datasets/demo/tiny-dataset/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet",
      "demo/tiny-model/resolve/main/docs/d%C3%A9j%C3%A0%20vu.txt",
    ],
  },
  {
    name: "raw file",
    methods: ["GET", "HEAD"],
    path: "{repo}/raw/{rev}/{path}",
    kind: "raw",
    handling: "cache",
    why: "The git blob as stored: a regular file's own bytes (the same cached bytes as `resolve/`), an LFS file's pointer, built from its sha256 and size without downloading it.",
    callers: [
      "hub.js fileExists (HEAD), parseSafetensorsMetadata({ repo }) (HEAD through fileExists)",
      "hub.js fileDownloadInfo({ raw: true })",
    ],
    params: [NO_CONTENT_DISPOSITION],
    requestHeaders: [AUTHORIZATION, { name: "Range", note: "as on `resolve/`." }],
    responseHeaders: [
      REPO_COMMIT,
      { name: "ETag", note: "the git blob sha1 of what is served (the pointer's, for LFS files)." },
      { name: "Content-Length", note: "the size of what is served." },
      ...ERROR_HEADERS,
    ],
    examples: [
      "demo/tiny-model/raw/main/model.safetensors",
      "gpt2/raw/main/config.json",
      "datasets/demo/tiny-dataset/raw/main/data/test.csv",
    ],
  },
  {
    name: "repo info",
    methods: ["GET", "HEAD"],
    path: "api/{type}s/{repo}[/revision/{rev}]",
    kind: "info",
    handling: "cache",
    why: "The answer names its commit (`sha`); one with an `expand` list without `sha` is asked at the commit a plain info call names. Resolving a branch is remembered for `REVISION_TTL_SECONDS`; at a commit the answer is kept for good, one entry per canonical query.",
    callers: [
      "model_info, dataset_info, space_info, repo_info, repo_exists, revision_exists (Python)",
      "hub.js modelInfo (`/revision/HEAD`), datasetInfo, spaceInfo, repoExists (`?expand[]=likes`)",
    ],
    params: [
      {
        name: "blobs",
        in: "query",
        values: "`True` (0.36) / `true` (1.x): `files_metadata=True`, adds sizes and `lfs` to siblings",
        by: PY,
        boolean: true,
      },
      {
        name: "securityStatus",
        in: "query",
        values: "`True` / `true`: adds `securityRepoStatus`",
        by: PY,
        boolean: true,
      },
      {
        name: "expand / expand[]",
        in: "query",
        values:
          "field names, repeated (`expand[]=likes`, `expand=sha`): the Hub then answers only `_id`, `id` and the fields listed",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
      },
    ],
    requestHeaders: [AUTHORIZATION, TRACE_ID],
    responseHeaders: [REPO_COMMIT, ...ERROR_HEADERS],
    examples: [
      "api/models/gpt2",
      "api/models/demo/tiny-model/revision/main",
      "api/models/demo/tiny-model/revision/HEAD",
      "api/datasets/demo/tiny-dataset/revision/refs%2Fconvert%2Fparquet",
      "api/datasets/demo/tiny-dataset/revision/refs/convert/parquet",
      "api/spaces/demo/tiny-space",
    ],
  },
  {
    name: "tree",
    methods: ["GET", "HEAD"],
    path: "api/{type}s/{repo}/tree/{rev}[/{path}]",
    kind: "tree",
    handling: "cache",
    why: "Bound to the commit; each page (cursor) is kept for good. A nested folder may come as one segment (`data%2Fnested`, HfFileSystem) or as several (hub.js); `..` is refused either way.",
    callers: [
      "list_repo_tree, list_repo_files, snapshot_download (1.22+), HfFileSystem ls/glob/find/walk/info",
      "hub.js listFiles, snapshotDownload",
    ],
    params: [
      {
        name: "recursive",
        in: "query",
        values: "`True`/`False` (0.36), `true`/`false` (1.x, hub.js)",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
        boolean: true,
      },
      {
        name: "expand",
        in: "query",
        values: "as `recursive`: adds `lastCommit` and `securityFileStatus`",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
        boolean: true,
      },
      { name: "cursor", in: "query", values: "opaque, from the `Link` of the page before", by: ALL },
    ],
    requestHeaders: [AUTHORIZATION, { name: "Accept", note: "`application/json` (hub.js)." }, TRACE_ID],
    responseHeaders: [LINK_NEXT, ...ERROR_HEADERS],
    examples: [
      "api/models/demo/tiny-model/tree/main",
      "api/models/demo/tiny-model/tree/main/tokenizer",
      "api/datasets/demo/tiny-dataset/tree/main/data%2Fnested",
      "api/datasets/demo/tiny-dataset/tree/main/data/nested",
      "api/models/demo/tiny-model/tree/refs%2Fpr%2F1",
      "api/models/demo/tiny-model/tree/refs/pr/1/tokenizer",
      "api/datasets/demo/tiny-dataset/tree/refs%2Fconvert%2Fparquet/default",
    ],
  },
  {
    name: "paths-info",
    methods: ["POST"],
    path: "api/{type}s/{repo}/paths-info/{rev}",
    kind: "pathsInfo",
    handling: "cache",
    why: "Bound to the commit; one entry per (sorted) set of paths and `expand`. Form and JSON bodies ask the same question.",
    callers: [
      "get_paths_info, HfFileSystem info/exists/isdir (Python, form body)",
      "hub.js pathsInfo (JSON body)",
    ],
    params: [
      { name: "paths", in: "form", values: "repeated: `paths=a&paths=b`", by: PY },
      {
        name: "expand",
        in: "form",
        values: "`True`/`False` (0.36), `true`/`false` (1.x): adds `lastCommit` and `securityFileStatus`",
        by: PY,
        boolean: true,
      },
      { name: "paths", in: "json", values: "a list of strings (or one string)", by: ["hub.js"] },
      { name: "expand", in: "json", values: "a boolean", by: ["hub.js"], boolean: true },
    ],
    requestHeaders: [
      AUTHORIZATION,
      {
        name: "Content-Type",
        note: "`application/x-www-form-urlencoded` (Python) or `application/json` (hub.js).",
      },
      TRACE_ID,
    ],
    responseHeaders: ERROR_HEADERS,
    examples: [
      "api/models/demo/tiny-model/paths-info/main",
      "api/datasets/demo/tiny-dataset/paths-info/refs%2Fconvert%2Fparquet",
    ],
  },
  {
    name: "commits",
    methods: ["GET", "HEAD"],
    path: "api/{type}s/{repo}/commits/{rev}",
    kind: "commits",
    handling: "cache",
    why: "The history below a commit never changes: each page is bound to the commit and kept, with its `X-Total-Count`.",
    callers: [
      "list_repo_commits, HfFileSystem info of the repo root with expand_info (Python)",
      "hub.js listCommits (`?limit=`), countCommits (`?limit=1`, reads `X-Total-Count`)",
    ],
    params: [
      { name: "limit", in: "query", values: "page size", by: ["hub.js"] },
      { name: "p", in: "query", values: "page index, from the `Link` of the page before", by: ALL },
      {
        name: "expand[]",
        in: "query",
        values:
          "`formatted` (`list_repo_commits(formatted=True)`): adds `formatted.title` and `formatted.message`",
        by: PY,
      },
    ],
    requestHeaders: [AUTHORIZATION, TRACE_ID],
    responseHeaders: [
      LINK_NEXT,
      { name: "X-Total-Count", note: "the number of commits: hub.js countCommits reads it." },
      ...ERROR_HEADERS,
    ],
    examples: [
      "api/models/demo/tiny-model/commits/main",
      "api/models/gpt2/commits/refs%2Fpr%2F1",
      "api/models/demo/tiny-model/commits/refs/pr/1",
    ],
  },
  {
    name: "refs",
    methods: ["GET", "HEAD"],
    path: "api/{type}s/{repo}/refs",
    kind: "refs",
    handling: "forward",
    why: "Refs move: always asked upstream (JSON only).",
    callers: ["list_repo_refs (Python)"],
    params: [
      {
        name: "include_prs",
        in: "query",
        values: "`1` (`include_pull_requests=True`): adds `pullRequests`",
        by: PY,
        boolean: true,
      },
    ],
    requestHeaders: [AUTHORIZATION, TRACE_ID],
    responseHeaders: ERROR_HEADERS,
    examples: ["api/models/demo/tiny-model/refs", "api/datasets/demo/tiny-dataset/refs"],
  },
  {
    name: "listings",
    methods: ["GET", "HEAD"],
    path: "api/{models|datasets|spaces}",
    kind: "forward",
    handling: "forward",
    why: "Search results move: forwarded (JSON only), pages linked back under the distribution.",
    callers: [
      "list_models, list_datasets, list_spaces (Python)",
      "hub.js listModels, listDatasets, listSpaces",
    ],
    params: [
      {
        name: "search, author, filter, sort, limit",
        in: "query",
        values: "as given; `filter` repeated (tags, `dataset:…`)",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
      },
      { name: "direction", in: "query", values: "`-1`", by: PY },
      {
        name: "pipeline_tag",
        in: "query",
        values: "a task (models; hub.js `search.task`)",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
      },
      {
        name: "inference_provider",
        in: "query",
        values: "provider names (models): comma-joined by hub.js (`search.inferenceProviders`)",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
      },
      {
        name: "apps",
        in: "query",
        values: "local app names (models): comma-joined by hub.js (`search.apps`), repeated by Python",
        by: ["hf 1.x", "hub.js"],
      },
      { name: "inference", in: "query", values: "`warm` (models)", by: PY },
      {
        name: "gated",
        in: "query",
        values: "`True`/`False` (0.36), `true`/`false` (1.x)",
        by: PY,
        boolean: true,
      },
      {
        name: "full, cardData, config",
        in: "query",
        values: "`True` (0.36) / `true` (1.x)",
        by: PY,
        boolean: true,
      },
      {
        name: "expand / expand[]",
        in: "query",
        values: "field names, repeated: only `_id`, `id` and the fields listed come back",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
      },
      { name: "cursor", in: "query", values: "from the `Link` of the page before", by: ALL },
    ],
    requestHeaders: [AUTHORIZATION, { name: "Accept", note: "`application/json` (hub.js)." }, TRACE_ID],
    responseHeaders: [LINK_NEXT, ...ERROR_HEADERS],
    examples: ["api/models", "api/datasets", "api/spaces"],
  },
  {
    name: "other repo reads",
    methods: ["GET", "HEAD"],
    path: "api/{type}s/{repo}/{…}",
    kind: "forward",
    handling: "forward",
    why: "Read-only questions about one repo (discussions, likers, auth-check): forwarded, JSON answers only.",
    callers: ["get_repo_discussions, list_repo_likers, auth_check (Python)"],
    params: [],
    requestHeaders: [AUTHORIZATION, TRACE_ID],
    responseHeaders: ERROR_HEADERS,
    examples: ["api/models/demo/tiny-model/discussions", "api/models/demo/tiny-model/auth-check"],
  },
  {
    name: "whoami",
    methods: ["GET"],
    path: "api/whoami-v2",
    kind: "whoami",
    handling: "local",
    why: "Names the access token (`hf auth login`); the remote's HF token is never shown.",
    callers: ["whoami, hf auth login (Python)", "hub.js whoAmI"],
    params: [],
    requestHeaders: [AUTHORIZATION, TRACE_ID],
    responseHeaders: ERROR_HEADERS,
    examples: ["api/whoami-v2"],
  },
  {
    name: "xet token",
    methods: ["GET"],
    path: "api/{type}s/{repo}/xet-read-token/{rev}",
    kind: "xetToken",
    handling: "refused",
    why: "404: Xet would send clients around the cache to the CAS. `xetHash` is stripped from every JSON answer, so clients download over plain HTTP.",
    callers: ["snapshot_download 1.22+ for tree entries with a `xetHash` (never seen through the cache)"],
    params: [],
    requestHeaders: [AUTHORIZATION],
    responseHeaders: ERROR_HEADERS,
    examples: ["api/models/demo/tiny-model/xet-read-token/main"],
  },
  {
    name: "writes",
    methods: ["POST", "PUT", "DELETE"],
    path: "api/{type}s/{repo}/{preupload|commit|…}/{rev}, {repo}.git/info/lfs/objects/batch, api/repos/*",
    kind: "refused",
    handling: "refused",
    why: "405 or 404: a write would run with the remote's HF token (`_commit_api.py` preupload and commit, `lfs.py` batch, create/delete/move repo).",
    callers: [
      "upload_file, upload_folder, create_commit, create_repo (Python)",
      "hub.js uploadFiles, commit",
    ],
    params: [],
    requestHeaders: [],
    responseHeaders: ERROR_HEADERS,
    examples: [
      "api/models/demo/tiny-model/preupload/main",
      "api/models/demo/tiny-model/commit/main",
      "api/repos/create",
      "demo/tiny-model.git/info/lfs/objects/batch",
    ],
  },
  {
    name: "other Hub-wide reads",
    methods: ["GET", "HEAD"],
    path: "api/collections[/{slug}], api/resolve-cache/…",
    kind: "refused",
    handling: "refused",
    why: "404: a distribution serves its remote's repos and the repo listings (`api/{models|datasets|spaces}`) clients search them with, nothing Hub-wide besides. A collection is a Hub page of its own, listing repos, Spaces and papers alike, and no download needs one. `api/resolve-cache/…` is where the Hub redirects a regular file's `resolve/`: the cache follows that redirect itself, so clients never get it.",
    callers: ["list_collections, get_collection (Python)", "hub.js listCollections, collectionInfo"],
    params: [
      {
        name: "owner, item, sort, limit, q",
        in: "query",
        values: "as given (`api/collections`); `owner` and `item` repeated",
        by: ["hf 0.36", "hf 1.x", "hub.js"],
      },
    ],
    requestHeaders: [AUTHORIZATION, { name: "Accept", note: "`application/json` (hub.js)." }, TRACE_ID],
    responseHeaders: ERROR_HEADERS,
    examples: [
      "api/collections",
      "api/collections/acme/favourites-0123456789abcdef01234567",
      "api/resolve-cache/models/gpt2/0123456789abcdef0123456789abcdef01234567/config.json",
    ],
  },
];

/** Every query, form or JSON parameter the table marks as a boolean. */
export function booleanParamNames(): string[] {
  const names = new Set<string>();
  for (const route of HUB_ROUTES) {
    for (const param of route.params) {
      if (!param.boolean) continue;
      for (const name of param.name.split(/[,/]/)) names.add(name.trim());
    }
  }
  return [...names].sort();
}

/**
 * Response headers some client reads: the list browsers must be allowed to see (CORS
 * `Access-Control-Expose-Headers`), plus `X-Request-Id` for support.
 */
export function exposedResponseHeaders(): string[] {
  const names = new Map<string, string>();
  for (const route of HUB_ROUTES) {
    for (const header of route.responseHeaders) names.set(header.name.toLowerCase(), header.name);
  }
  names.set("retry-after", "Retry-After");
  names.set("x-request-id", "X-Request-Id");
  return [...names.values()];
}

const HANDLING_TEXT: Record<Handling, string> = {
  cache: "served from the cache by commit",
  forward: "forwarded",
  local: "answered locally",
  refused: "refused",
};

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** `docs/hub-routes.md`, generated from the table above. */
export function renderHubRoutesMarkdown(): string {
  const booleans = booleanParamNames()
    .map((name) => `\`${name}\``)
    .join(", ");
  const out: string[] = [
    "# Hub routes the clients use",
    "",
    "<!-- Generated from packages/core/src/hub/route-table.ts by `npm run routes:doc -w @hubcache/core`. Do not edit. -->",
    "",
    "Read from the clients' sources: huggingface_hub 0.36 (`hf 0.36`, requests) and 1.28 (`hf 1.x`, httpx),",
    "@huggingface/hub 2.17 (`hub.js`) and transformers.js 4.3. Every path is below a distribution's base path",
    "(`/{base_path}/` or `/pulp/content/{base_path}/`), which clients use as `HF_ENDPOINT`, `hubUrl` or",
    "`env.remoteHost`. Every route passes one path check first: no control characters, backslashes, dot",
    "segments (`..`, `%2e%2e`, `..%2f`) or double encoding, whatever the route.",
    "",
    "| route | methods | path | handling | why |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const route of HUB_ROUTES) {
    out.push(
      `| ${cell(route.name)} | ${route.methods.join(", ")} | \`${cell(route.path)}\` | ${HANDLING_TEXT[route.handling]} | ${cell(route.why)} |`,
    );
  }
  out.push(
    "",
    "Revisions arrive encoded as one segment (`refs%2Fpr%2F1`, Python and hub.js `downloadFile`) or, for",
    "`refs/pr/N` and `refs/convert/NAME`, unencoded (hub.js `listFiles`, `listCommits`); both are taken.",
    `Booleans (${booleans}) are read in every spelling the clients send (\`True\`, \`true\`, \`1\`) and`,
    "cached under one.",
    "",
    `Exposed to browsers (CORS): ${exposedResponseHeaders()
      .map((name) => `\`${name}\``)
      .join(", ")}.`,
  );
  for (const route of HUB_ROUTES) {
    out.push("", `## ${route.name}: \`${route.path}\``, "", `${route.why}`, "");
    out.push(`- Methods: ${route.methods.join(", ")}; ${HANDLING_TEXT[route.handling]}.`);
    out.push(`- Called by: ${route.callers.join("; ")}.`);
    if (route.params.length > 0) {
      out.push("", "| parameter | in | values | sent by |", "| --- | --- | --- | --- |");
      for (const param of route.params) {
        out.push(
          `| \`${cell(param.name)}\` | ${param.in} | ${cell(param.values)} | ${param.by.join(", ")} |`,
        );
      }
    }
    const headers = [
      ...route.requestHeaders.map((header) => ({ ...header, direction: "request" })),
      ...route.responseHeaders.map((header) => ({ ...header, direction: "response" })),
    ];
    if (headers.length > 0) {
      out.push("", "| header | direction | use |", "| --- | --- | --- |");
      for (const header of headers) {
        out.push(`| \`${header.name}\` | ${header.direction} | ${cell(header.note)} |`);
      }
    }
    out.push("", `Examples: ${route.examples.map((example) => `\`${example}\``).join(", ")}.`);
  }
  return `${out.join("\n")}\n`;
}
