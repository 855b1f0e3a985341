/** Example objects for the OpenAPI document (what the API answers, with made-up ids). */
const created = "2026-11-26T14:03:12.000Z";
const P = "/pulp/api/v3/";

export const examples = {
  team: {
    pulp_href: `${P}teams/cm1team0000000000000000/`,
    pulp_created: created,
    name: "Research",
    slug: "research",
    role: "owner",
    member_count: 3,
  },
  member: {
    pulp_href: `${P}teams/cm1team0000000000000000/members/cm1user0000000000000000/`,
    pulp_created: created,
    username: "alice",
    role: "admin",
  },
  me: { username: "alice", instance_admin: false, teams: [] as unknown[] },
  user: { username: "bob" },
  contentToken: {
    pulp_href: `${P}tokens/cm1tokn0000000000000000/`,
    pulp_created: created,
    name: "ci-runners",
    team: "research",
    last_used_at: null,
    expires_at: "2027-01-01T00:00:00.000Z",
    revoked_at: null,
    status: "active",
  },
  apiToken: {
    pulp_href: `${P}api-tokens/cm1apit0000000000000000/`,
    pulp_created: created,
    name: "laptop",
    last_used_at: "2026-11-27T09:12:00.000Z",
    expires_at: null,
    revoked_at: null,
    status: "active",
  },
  cachedRepo: {
    repo_type: "model",
    repo: "openai-community/gpt2",
    files: 12,
    bytes: 548_105_171,
    commits: 1,
    revisions: [
      { revision: "main", commit: "607a30d783dfa663caf39e06633721c8d4cfcd7e", fetched_at: created },
    ],
  },
  cachedFile: {
    repo_type: "model",
    repo: "openai-community/gpt2",
    commit: "607a30d783dfa663caf39e06633721c8d4cfcd7e",
    path: "model.safetensors",
    size: 548_105_171,
    lfs: true,
    hits: 41,
    cached_at: created,
  },
  task: {
    pulp_href: `${P}tasks/cm1task0000000000000000/`,
    pulp_created: created,
    pulp_last_updated: created,
    name: "hubcache.prefetch",
    state: "running",
    distribution: `${P}distributions/hugging_face/hugging-face/cm1dist0000000000000000/`,
    repo_type: "model",
    repo: "openai-community/gpt2",
    revision: "main",
    commit: "607a30d783dfa663caf39e06633721c8d4cfcd7e",
    requested_by: "alice",
    progress_reports: [
      { message: "Fetching files", code: "prefetch.files", state: "running", total: 12, done: 5 },
      {
        message: "Fetching bytes",
        code: "prefetch.bytes",
        state: "running",
        total: 548_105_171,
        done: 1_048_576,
      },
    ],
    error: null,
  },
  taskRef: { task: `${P}tasks/cm1task0000000000000000/` },
  totals: {
    requests: 120,
    hits: 90,
    misses: 10,
    hit_ratio: 0.9,
    bytes_from_cache: 4_000_000_000,
    bytes_from_upstream: 550_000_000,
  },
  auditEvent: {
    id: "cm1audt0000000000000000",
    team: "Research",
    actor: "alice",
    action: "distribution.create",
    target: "models",
    detail: { basePath: "research/models" },
    created_at: created,
  },
  remote: {
    pulp_href: `${P}remotes/hugging_face/hugging-face/cm1remo0000000000000000/`,
    pulp_created: created,
    pulp_last_updated: created,
    name: "hf-remote",
    hf_hub_url: "https://huggingface.co",
    policy: "on_demand",
    connect_timeout: 10,
    sock_read_timeout: 60,
    include_patterns: [],
    exclude_patterns: [],
    hidden_fields: [{ name: "hf_token", is_set: false }],
  },
  distribution: {
    pulp_href: `${P}distributions/hugging_face/hugging-face/cm1dist0000000000000000/`,
    pulp_created: created,
    pulp_last_updated: created,
    name: "hf-proxy",
    base_path: "research/models",
    base_url: "http://localhost:8080/pulp/content/research/models/",
    remote: `${P}remotes/hugging_face/hugging-face/cm1remo0000000000000000/`,
    public: false,
    warnings: [],
  },
};

/** A one-item page. */
export const pageExample = (item: unknown) => ({ count: 1, next: null, previous: null, results: [item] });

export const usageExample = {
  since: "2026-11-13T00:00:00.000Z",
  totals: examples.totals,
  daily: [{ day: "2026-11-26", ...examples.totals }],
  distributions: [{ distribution: examples.distribution.pulp_href, name: "hf-proxy", ...examples.totals }],
  storage_by_team: [{ team: "Research", bytes: 548_105_171, files: 12 }],
  top_repos: [{ repo_type: "model", repo: "openai-community/gpt2", bytes: 548_105_171, files: 12 }],
};

export const statusExample = {
  database: { online: true },
  content_servers: [
    {
      id: "3f9a1c2b7d4e5f60",
      url: "http://10.0.0.5:8080",
      online: true,
      latency_ms: null,
      version: "0.1.0",
      heartbeat_at: "2026-11-28T01:00:00.000Z",
      fills_in_flight: 1,
      cache_max_bytes: 536_870_912_000,
      upstreams: { "https://huggingface.co": "online" },
    },
  ],
  usage: { days: 14, ...examples.totals },
  storage: { bytes: 548_105_171, files: 12 },
  tasks: { waiting: 0, running: 1 },
};
