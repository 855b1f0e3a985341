/**
 * The whole flow, as a user runs it: the `hubcache` binary (the built package, as a subprocess) against
 * the REST API over real HTTP, the content server (Bun, its pre-fetch worker included) and the stand-in
 * Hub, sharing one SQLite database. The REST API is served by `createPulpApi` in a plain Node HTTP server
 * (not `next start`, which needs a production build of the console): the same routes and services the
 * console's `/pulp/api/v3/` serves; only the credential check is the tests' own (personal API tokens,
 * through the same `authenticateApiToken` the console uses). The stand-in Hub runs in this process, so a
 * test can slow it down.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPulpApi } from "@hubcache/services";
import { authenticateApiToken, createApiToken, SecretBox } from "@hubcache/db";
import { openTestDb } from "@hubcache/db/test-support";
import { seedDemoRepos, startFakeHub, type FakeHub, type Faults } from "@hubcache/fake-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const bun = join(root, "node_modules", ".bin", "bun");
const bin = join(import.meta.dirname, "..", "bin", "hubcache.js");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = netServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited\n${log()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up\n${log()}`);
}

function start(args: string[], env: Record<string, string>) {
  let output = "";
  const child = spawn(bun, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, log: () => output };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** How a run differs from the default: its standard input, environment and config folder. */
interface RunOptions {
  stdin?: string;
  env?: Record<string, string>;
  configHome?: string;
}

/** A repo whose pre-fetch takes a while when the Hub is slowed down (a file a second at 32 KiB/s). */
const SLOW_REPO = "slow/many";
const SLOW_FILES = 20;
const SLOW_FILE_BYTES = 32 * 1024;
const slowHub = (): Faults => ({
  down: false,
  latencyMs: 0,
  bytesPerSecond: SLOW_FILE_BYTES,
  dropAfterBytes: null,
  corruptBody: false,
  status: null,
});

/** Whether util-linux `script` is there to give the CLI a terminal. */
const hasScript = spawnSync("script", ["--version"]).status === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("hubcache, end to end", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hubcache-cli-"));
  const configHome = join(dataDir, "config");
  const children: ChildProcess[] = [];
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let hub: FakeHub;
  let web: Server;
  let webUrl = "";
  let contentUrl = "";
  let hubUrl = "";
  let apiToken = "";
  const PASSWORD = "correct horse battery staple";

  /** Runs the CLI with its own config folder and no HUBCACHE_* variables (unless `options` sets them). */
  const cliWith = (args: string[], options: RunOptions = {}): Promise<Run> =>
    new Promise((resolve) => {
      const { HUBCACHE_URL: _u, HUBCACHE_TOKEN: _t, ...env } = process.env;
      const child = execFile(
        process.execPath,
        [bin, ...args],
        {
          env: { ...env, XDG_CONFIG_HOME: options.configHome ?? configHome, ...options.env },
          timeout: 60_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(options.stdin ?? "");
    });
  const cli = (args: string[], stdin?: string): Promise<Run> => cliWith(args, { stdin });
  const cliJson = async <T>(args: string[], stdin?: string): Promise<T> => {
    const run = await cli([...args, "--json"], stdin);
    expect(run.stderr, args.join(" ")).toBe("");
    expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
    return JSON.parse(run.stdout) as T;
  };
  /** Runs a command that must succeed in human form: its standard output. */
  const cliText = async (args: string[], stdin?: string): Promise<string> => {
    const run = await cli(args, stdin);
    expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
    return run.stdout;
  };

  beforeAll(async () => {
    handle = await openTestDb("sqlite");
    hub = await startFakeHub({ host: "127.0.0.1" });
    seedDemoRepos(hub);
    hub.addRepo({
      id: SLOW_REPO,
      files: Object.fromEntries(
        Array.from({ length: SLOW_FILES }, (_, i) => [
          `part-${i}.bin`,
          { size: SLOW_FILE_BYTES, seed: 500 + i },
        ]),
      ),
    });
    hubUrl = hub.url;
    const contentPort = await freePort();
    contentUrl = `http://127.0.0.1:${contentPort}`;
    const content = start([join(root, "apps/content/src/main.ts")], {
      DATABASE_URL: handle.url,
      STORAGE_DIR: join(dataDir, "blobs"),
      HUBCACHE_SECRET: "cli-test",
      HUB_URL: hubUrl,
      BOOTSTRAP: "false",
      CONTENT_PORT: String(contentPort),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      CONFIG_REFRESH_MS: "200",
      PREFETCH_POLL_MS: "100",
      // A purge's count of blobs removed is known: no grace for blobs just served, and the background pass
      // (which also removes blobs no file refers to) does not run during the test.
      CACHE_IN_USE_GRACE_MS: "0",
      CAPACITY_INTERVAL_MS: "86400000",
    });
    children.push(content.child);
    await waitFor(`${contentUrl}/healthz`, content.child, content.log);

    const user = await handle.db.user.create({
      data: { username: "alice", name: "alice", email: "alice@users.test" },
    });
    apiToken = (await createApiToken(handle.db, user.id, "cli test")).token;
    const api = createPulpApi({
      db: handle.db,
      secrets: SecretBox.fromSecret("cli-test"),
      urlAllowlist: ["http://127.0.0.1:*"],
      contentUrl,
      hashPassword: async () => {
        throw new Error("no users are created in this test");
      },
      authenticate: async (request) => {
        const authorization = request.headers.get("authorization") ?? "";
        // HTTP Basic as the console's sign-in checks it (tested in apps/web): here, alice's one password.
        const basic = /^Basic (.+)$/.exec(authorization)?.[1];
        if (basic) {
          const given = Buffer.from(basic, "base64").toString("utf8");
          return given === `alice:${PASSWORD}` ? { userId: user.id, username: user.username } : null;
        }
        const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
        const found = bearer ? await authenticateApiToken(handle.db, bearer) : null;
        return found && { userId: found.id, username: found.username };
      },
    });
    web = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const response = await api(
        new Request(`${webUrl}${req.url ?? "/"}`, { method: req.method ?? "GET", headers, body }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const address = web.address();
    webUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    await hub?.close();
    await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
    await handle?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs in, sets up a team, remote, distribution and token, downloads, pre-fetches, lists, pins, purges, revokes", async () => {
    // Not logged in yet: a usage error that says what to do.
    const before = await cli(["whoami"]);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain("hubcache login");

    // A wrong token is refused at login, and nothing is stored.
    const wrong = await cli(["login", "--url", webUrl, "--token", "hcapi_wrong"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("Authentication credentials");

    const login = await cliJson<{ username: string; config: string }>([
      "login",
      "--url",
      webUrl,
      "--token",
      apiToken,
    ]);
    expect(login.username).toBe("alice");
    expect(statSync(login.config).mode & 0o777).toBe(0o600);
    expect((await cliJson<{ username: string }>(["whoami"])).username).toBe("alice");

    // With a password on standard input: a new API token is made and stored in place of the first.
    const refused = await cli(
      ["login", "--url", webUrl, "--username", "alice", "--password-stdin"],
      "nope\n",
    );
    expect(refused.code).toBe(1);
    const byPassword = await cliJson<{ username: string; config: string }>(
      ["login", "--url", webUrl, "--username", "alice", "--password-stdin"],
      `${PASSWORD}\n`,
    );
    expect(byPassword.username).toBe("alice");
    const stored = JSON.parse(readFileSync(byPassword.config, "utf8")) as { token: string };
    expect(stored.token).toMatch(/^hcapi_/);
    expect(stored.token).not.toBe(apiToken);
    expect((await cliJson<{ username: string }>(["whoami"])).username).toBe("alice");

    const team = await cliJson<{ slug: string; role: string }>(["team", "create", "Research"]);
    expect(team).toMatchObject({ slug: "research", role: "owner" });
    const remote = await cliJson<{ pulp_href: string; hf_hub_url: string }>([
      "remote",
      "create",
      "--name",
      "hf",
      "--url",
      hubUrl,
      "--policy",
      "on_demand",
      "--team",
      "research",
    ]);
    expect(remote.hf_hub_url).toBe(hubUrl);
    const distribution = await cliJson<{ base_path: string; public: boolean; remote: string }>([
      "distribution",
      "create",
      "--name",
      "models",
      "--base-path",
      "research/models",
      "--remote",
      "hf",
      "--private",
    ]);
    expect(distribution).toMatchObject({
      base_path: "research/models",
      public: false,
      remote: remote.pulp_href,
    });
    const token = await cliJson<{ token: string; status: string }>(["token", "create", "--name", "ci"]);
    expect(token.status).toBe("active");
    // The secret is in the create answer only.
    expect((await cli(["token", "list", "--json"])).stdout).not.toContain(token.token);

    // Bad input: a clear message, exit 1 (the API refused) or 2 (usage), and nothing changes.
    const bad = await cli([
      "distribution",
      "create",
      "--name",
      "bad name!",
      "--base-path",
      "x",
      "--remote",
      "hf",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: name: /);
    const missing = await cli(["cache", "prefetch", "--distribution", "models"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--repo");
    const policy = await cli(["remote", "create", "--name", "x", "--policy", "sometimes"]);
    expect(policy.code).toBe(2);
    const unknown = await cli(["distribution", "show", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No distribution named "nope"');
    expect(await handle.db.distribution.count()).toBe(1);
    expect(await handle.db.remote.count()).toBe(1);

    // Download through the content server with the token (once its configuration refresh has seen it).
    const file = `${contentUrl}/research/models/gpt2/resolve/main/config.json`;
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await fetch(file, { headers: { authorization: `Bearer ${token.token}` } })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect((await fetch(file)).status).toBe(401);

    // The content server reports itself through its heartbeat: status lists it, online.
    const report = await cliJson<{
      content_servers: Array<{ id: string | null; online: boolean; version: string | null }>;
    }>(["status"]);
    expect(report.content_servers).toHaveLength(1);
    expect(report.content_servers[0]).toMatchObject({ online: true, version: "0.1.0" });
    expect(report.content_servers[0]?.id).toMatch(/\S/);

    const task = await cliJson<{ state: string; progress_reports: Array<{ total: number; done: number }> }>([
      "cache",
      "prefetch",
      "--distribution",
      "models",
      "--repo",
      "gpt2",
      "--wait",
      "--poll-ms",
      "100",
    ]);
    expect(task.state).toBe("completed");
    expect(task.progress_reports[0]?.done).toBe(task.progress_reports[0]?.total);
    // Not on a terminal: plain progress lines on stderr, the result on stdout.
    const plain = await cli([
      "cache",
      "prefetch",
      "--distribution",
      "models",
      "--repo",
      "gpt2",
      "--wait",
      "--poll-ms",
      "100",
    ]);
    expect(plain.code).toBe(0);
    // Files, bytes and the rate: "completed: 1/1 files, 125 B/125 B, 1.2 KiB/s".
    expect(plain.stderr).toMatch(
      /^completed: (\d+)\/\1 files, \d+(\.\d)? [KMG]?i?B\/\d+(\.\d)? [KMG]?i?B, \d+(\.\d)? [KMG]?i?B\/s$/m,
    );
    expect(plain.stdout).toMatch(/state:\s+completed/);

    const repos = await cliJson<{
      results: Array<{ repo: string; files: number; revisions: Array<{ revision: string; commit: string }> }>;
    }>(["cache", "ls", "--distribution", "models"]);
    expect(repos.results.map((repo) => repo.repo)).toEqual(["gpt2"]);
    const human = await cli(["cache", "ls", "--distribution", "models"]);
    expect(human.stdout.split("\n")[0]).toMatch(/^TYPE\s+REPO\s+FILES\s+SIZE\s+REVISIONS$/);
    expect(human.stdout).toMatch(/^model\s+gpt2\s+\d+/m);
    const files = await cliJson<{ count: number; results: Array<{ path: string }> }>([
      "cache",
      "ls",
      "--distribution",
      "models",
      "--repo",
      "gpt2",
      "--revision",
      "main",
    ]);
    expect(files.results.map((row) => row.path)).toContain("config.json");
    // A revision's files need the repo: a usage error, not a listing of every repo.
    const revisionOnly = await cli(["cache", "ls", "--distribution", "models", "--revision", "main"]);
    expect(revisionOnly.code).toBe(2);
    expect(revisionOnly.stderr).toContain("--repo");
    expect(revisionOnly.stdout).toBe("");

    // Pins: a branch is pinned at the commit the cache resolved it to; unpin finds it the same way.
    const mainCommit = repos.results[0]?.revisions.find((row) => row.revision === "main")?.commit;
    expect(mainCommit).toMatch(/^[0-9a-f]{40}$/);
    const models = ["--distribution", "models", "--repo", "gpt2"];
    const pinned = await cliJson<{ commit: string | null }>([
      "cache",
      "pin",
      ...models,
      "--revision",
      "main",
    ]);
    expect(pinned.commit).toBe(mainCommit);
    const wholeRepo = await cli(["cache", "pin", ...models]);
    expect(wholeRepo.code).toBe(0);
    expect(wholeRepo.stdout).toMatch(/^Pinned model gpt2 \(every revision\)\.$/m);
    const unknownRevision = await cli(["cache", "pin", ...models, "--revision", "v9"]);
    expect(unknownRevision.code).toBe(1);
    expect(unknownRevision.stderr).toContain("revision");
    type Pins = { results: Array<{ repoId: string; commit: string | null }> };
    const listPins = () => cliJson<Pins>(["cache", "pins", "--distribution", "models"]);
    expect((await listPins()).results.map((pin) => pin.commit).sort()).toEqual([mainCommit, null].sort());
    const unpinned = await cliJson<{ commit: string | null }>([
      "cache",
      "unpin",
      ...models,
      "--revision",
      "main",
    ]);
    expect(unpinned.commit).toBe(mainCommit);
    expect((await cliJson<{ commit: string | null }>(["cache", "unpin", ...models])).commit).toBeNull();
    expect((await listPins()).results).toEqual([]);
    const notPinned = await cli(["cache", "unpin", ...models]);
    expect(notPinned.code).toBe(1);
    expect(notPinned.stderr).toContain("No pin of model gpt2 (every revision)");

    // A file of the repo at one revision, and a folder at every revision (its trailing "/" dropped).
    const pinnedFile = await cliJson<{ commit: string | null; path: string | null }>([
      "cache",
      "pin",
      ...models,
      "--revision",
      "main",
      "--path",
      "config.json",
    ]);
    expect(pinnedFile).toMatchObject({ commit: mainCommit, path: "config.json" });
    const pinnedFolder = await cli(["cache", "pin", ...models, "--path", "onnx/"]);
    expect(pinnedFolder.code).toBe(0);
    expect(pinnedFolder.stdout).toMatch(/^Pinned model gpt2 \(every revision\) onnx\.$/m);
    const badPath = await cli(["cache", "pin", ...models, "--path", "../elsewhere"]);
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toMatch(/^error: path: /m);
    const pinsTable = await cliText(["cache", "pins", "--distribution", "models"]);
    expect(pinsTable.split("\n")[0]).toMatch(/^TYPE\s+REPO\s+COMMIT\s+PATH\s+BY$/);
    expect(pinsTable).toMatch(new RegExp(`^model\\s+gpt2\\s+${mainCommit}\\s+config\\.json\\s+alice$`, "m"));
    expect(pinsTable).toMatch(/^model\s+gpt2\s+\(every revision\)\s+onnx\s+alice$/m);
    // Unpinned the way it was pinned: the folder with or without its "/", the file with its revision.
    const wrongRevision = await cli(["cache", "unpin", ...models, "--path", "config.json"]);
    expect(wrongRevision.code).toBe(1);
    expect(wrongRevision.stderr).toContain("No pin of model gpt2 (every revision) config.json");
    expect(
      (
        await cliJson<{ path: string }>([
          "cache",
          "unpin",
          ...models,
          "--revision",
          "main",
          "--path",
          "config.json",
        ])
      ).path,
    ).toBe("config.json");
    const unpinnedFolder = await cli(["cache", "unpin", ...models, "--path", "onnx"]);
    expect(unpinnedFolder.stdout).toMatch(/^Unpinned model gpt2 \(every revision\) onnx\.$/m);
    expect((await listPins()).results).toEqual([]);

    // Purges are jobs the content server runs. A file needs its revision: refused, nothing queued.
    const purgesBefore = await handle.db.purgeJob.count();
    const noRevision = await cli(["cache", "purge", ...models, "--path", "config.json"]);
    expect(noRevision.code).toBe(1);
    expect(noRevision.stderr).toContain("revision");
    expect(await handle.db.purgeJob.count()).toBe(purgesBefore);
    // By default the CLI waits for the job and says what went.
    const blobsBefore = await handle.db.blob.count();
    expect(blobsBefore).toBeGreaterThan(0);
    const purged = await cliJson<{ status: string; files: number; blobs: number; bytes: number }>([
      "cache",
      "purge",
      ...models,
      "--poll-ms",
      "100",
    ]);
    expect(purged.status).toBe("done");
    expect(purged.files).toBe(files.count);
    // gpt2 is all the cache holds: every stored blob goes with it.
    expect(purged.blobs).toBe(blobsBefore);
    expect(purged.blobs).toBeLessThanOrEqual(purged.files);
    expect(await handle.db.blob.count()).toBe(0);
    expect(purged.bytes).toBeGreaterThan(0);
    expect((await cliJson<{ count: number }>(["cache", "ls", "--distribution", "models"])).count).toBe(0);
    // --no-wait answers with the queued job at once (a commit: "main" went with the repo's revisions).
    const queued = await cliJson<{ status: string; path: string | null; commit: string | null }>([
      "cache",
      "purge",
      ...models,
      "--revision",
      String(mainCommit),
      "--path",
      "config.json",
      "--no-wait",
    ]);
    expect(queued).toMatchObject({ status: "queued", path: "config.json", commit: mainCommit });
    const again = await cli(["cache", "purge", ...models, "--poll-ms", "100"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Purged model gpt2: 0 files, 0 stored blobs, 0 B\.$/m);
    const purges = await cliJson<{ results: Array<{ status: string; path: string | null; files: number }> }>([
      "cache",
      "purges",
      "--distribution",
      "models",
    ]);
    // Newest first; the jobs ran in order.
    expect(purges.results.map((job) => [job.status, job.path, job.files])).toEqual([
      ["done", null, 0],
      ["done", "config.json", 0],
      ["done", null, files.count],
    ]);

    const revoked = await cliJson<{ status: string }>(["token", "revoke", "ci"]);
    expect(revoked.status).toBe("revoked");
    let after = 200;
    for (let i = 0; i < 100 && after === 200; i++) {
      after = (await fetch(file, { headers: { authorization: `Bearer ${token.token}` } })).status;
      if (after === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(after).toBe(401);
  });

  interface Team {
    pulp_href: string;
    name: string;
    slug: string;
    role: string;
    member_count: number;
  }
  interface Member {
    username: string;
    role: string;
  }
  interface Remote {
    pulp_href: string;
    name: string;
    policy: string;
    hidden_fields: Array<{ name: string; is_set: boolean }>;
  }
  interface Distribution {
    pulp_href: string;
    name: string;
    base_path: string;
    public: boolean;
    remote: string;
  }
  type Page<T> = { count: number; results: T[] };

  it("teams and their members: list, show, update, add, remove, by name (with a '/'), slug or href", async () => {
    await handle.db.user.create({ data: { username: "bob", name: "bob", email: "bob@users.test" } });
    const teams = await cliJson<Page<Team>>(["team", "list"]);
    const research = teams.results.find((team) => team.slug === "research");
    expect(research).toMatchObject({ name: "Research", role: "owner", member_count: 1 });
    const teamTable = await cliText(["team", "list"]);
    expect(teamTable.split("\n")[0]).toMatch(/^NAME\s+SLUG\s+ROLE\s+MEMBERS$/);
    expect(teamTable).toMatch(/^Research\s+research\s+owner\s+1$/m);
    expect((await cliJson<Team>(["team", "show", "Research"])).pulp_href).toBe(research?.pulp_href);
    const shown = await cliText(["team", "show", String(research?.pulp_href)]);
    expect(shown).toMatch(/^slug:\s+research$/m);
    expect(shown).toMatch(/^your role:\s+owner$/m);

    // A name with a "/" is a name, not an href.
    const vision = await cliJson<Team>(["team", "create", "R&D/Vision"]);
    expect((await cliJson<Team>(["team", "show", "R&D/Vision"])).pulp_href).toBe(vision.pulp_href);
    const renamed = await cliJson<Team>(["team", "update", "R&D/Vision", "--name", "Vision"]);
    expect(renamed).toMatchObject({ name: "Vision", slug: vision.slug });
    expect(await cliText(["team", "update", vision.pulp_href, "--name", "Vision Lab"])).toBe(
      `Renamed team ${vision.slug} to Vision Lab.\n`,
    );
    // An href of another collection is refused before anything is sent.
    const notATeam = await cli(["team", "show", "/pulp/api/v3/tokens/abc/"]);
    expect(notATeam.code).toBe(2);
    expect(notATeam.stderr).toContain("is not the href of a team");

    const added = await cliJson<Member>(["team", "member", "add", "research", "bob", "--role", "admin"]);
    expect(added).toMatchObject({ username: "bob", role: "admin" });
    expect(await cliText(["team", "member", "add", "Vision Lab", "bob"])).toBe(
      "Added bob to Vision Lab as member.\n",
    );
    const members = await cliJson<Page<Member>>(["team", "member", "list", "research"]);
    expect(members.results.map((row) => [row.username, row.role])).toEqual([
      ["alice", "owner"],
      ["bob", "admin"],
    ]);
    const memberTable = await cliText(["team", "member", "list", vision.pulp_href]);
    expect(memberTable.split("\n")[0]).toMatch(/^USERNAME\s+ROLE$/);
    expect(memberTable).toMatch(/^bob\s+member$/m);

    // Bad input: a clear message, exit 1 (refused) or 2 (usage), and no membership changes.
    const membershipsBefore = await handle.db.membership.count();
    const nobody = await cli(["team", "member", "add", "research", "nobody"]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/^error: \S/);
    const boss = await cli(["team", "member", "add", "research", "bob", "--role", "boss"]);
    expect(boss.code).toBe(2);
    expect(boss.stderr).toContain("--role");
    expect(await handle.db.membership.count()).toBe(membershipsBefore);

    expect(await cliJson<{ removed: string }>(["team", "member", "remove", "research", "bob"])).toEqual({
      removed: "bob",
    });
    expect(await cliText(["team", "member", "remove", "Vision Lab", "bob"])).toBe(
      "Removed bob from Vision Lab.\n",
    );
    const gone = await cli(["team", "member", "remove", "research", "bob"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("bob is not a member of research");
  });

  it("remotes, distributions and access tokens in a second team: --team by name, list, show, update, delete, hrefs", async () => {
    // Alice now owns two teams (Research and Vision Lab): a create must say which.
    const remotesBefore = await handle.db.remote.count();
    const noTeam = await cli(["remote", "create", "--name", "hf2", "--url", hubUrl]);
    expect(noTeam.code).toBe(1);
    expect(noTeam.stderr).toMatch(/^error: team: .*research/m);
    const noSuchTeam = await cli(["remote", "create", "--name", "hf2", "--url", hubUrl, "--team", "Nope"]);
    expect(noSuchTeam.code).toBe(1);
    expect(noSuchTeam.stderr).toContain('No team named "Nope"');
    expect(await handle.db.remote.count()).toBe(remotesBefore);

    const vision = await cliJson<Team>(["team", "show", "Vision Lab"]);
    const hf2 = await cliJson<Remote>([
      "remote",
      "create",
      "--name",
      "hf2",
      "--url",
      hubUrl,
      "--team",
      "Vision Lab",
    ]);
    const visionId = vision.pulp_href.split("/").at(-2);
    expect((await handle.db.remote.findFirstOrThrow({ where: { name: "hf2" } })).teamId).toBe(visionId);
    const created = await cliText([
      "remote",
      "create",
      "--name",
      "hf3",
      "--url",
      hubUrl,
      "--team",
      vision.pulp_href,
    ]);
    expect(created).toMatch(
      /^Created remote hf3: \/pulp\/api\/v3\/remotes\/hugging_face\/hugging-face\/\w+\/$/m,
    );

    const remotes = await cliJson<Page<Remote>>(["remote", "list"]);
    expect(remotes.results.map((row) => row.name).sort()).toEqual(["hf", "hf2", "hf3"]);
    const remoteTable = await cliText(["remote", "list"]);
    expect(remoteTable.split("\n")[0]).toMatch(/^NAME\s+URL\s+POLICY\s+HF TOKEN\s+HREF$/);
    expect(remoteTable).toMatch(
      new RegExp(`^hf2\\s+${hubUrl}\\s+on_demand\\s+not set\\s+${hf2.pulp_href}$`, "m"),
    );
    expect((await cliJson<Remote>(["remote", "show", "hf2"])).pulp_href).toBe(hf2.pulp_href);
    expect(await cliText(["remote", "show", hf2.pulp_href])).toMatch(/^policy:\s+on_demand$/m);
    const streamed = await cliJson<Remote>(["remote", "update", "hf2", "--policy", "streamed"]);
    expect(streamed.policy).toBe("streamed");
    const withToken = await cliJson<Remote>(
      ["remote", "update", hf2.pulp_href, "--hf-token-stdin"],
      "hf_abc\n",
    );
    expect(withToken.hidden_fields).toEqual([{ name: "hf_token", is_set: true }]);
    expect(await cliText(["remote", "update", "hf3", "--name", "hf4"])).toBe("Updated remote hf4.\n");
    const nothing = await cli(["remote", "update", "hf2"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("Nothing to change");

    const visionModels = await cliJson<Distribution>([
      "distribution",
      "create",
      "--name",
      "vision",
      "--base-path",
      "vision/models",
      "--remote",
      "hf2",
      "--team",
      "Vision Lab",
    ]);
    expect(visionModels).toMatchObject({ base_path: "vision/models", public: true, remote: hf2.pulp_href });
    expect(
      await cliText([
        "distribution",
        "create",
        "--name",
        "vision-private",
        "--base-path",
        "vision/private",
        "--remote",
        hf2.pulp_href,
        "--private",
        "--team",
        vision.slug,
      ]),
    ).toBe(`Created distribution vision-private: ${contentUrl}/pulp/content/vision/private/\n`);
    const distributions = await cliJson<Page<Distribution>>(["distribution", "list"]);
    expect(distributions.results.map((row) => row.name).sort()).toEqual([
      "models",
      "vision",
      "vision-private",
    ]);
    const distributionTable = await cliText(["distribution", "list"]);
    expect(distributionTable.split("\n")[0]).toMatch(/^NAME\s+BASE PATH\s+PUBLIC\s+URL$/);
    expect(distributionTable).toMatch(
      new RegExp(
        `^vision-private\\s+vision/private\\s+no\\s+${contentUrl}/pulp/content/vision/private/$`,
        "m",
      ),
    );
    expect((await cliJson<Distribution>(["distribution", "show", "vision"])).pulp_href).toBe(
      visionModels.pulp_href,
    );
    expect(await cliText(["distribution", "show", visionModels.pulp_href])).toMatch(
      /^base path:\s+vision\/models$/m,
    );
    expect((await cliJson<Distribution>(["distribution", "update", "vision", "--private"])).public).toBe(
      false,
    );
    expect(await cliText(["distribution", "update", visionModels.pulp_href, "--public"])).toBe(
      "Updated distribution vision.\n",
    );
    const wrongKind = await cli(["distribution", "show", hf2.pulp_href]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain("is not the href of a distribution");
    const both = await cli(["distribution", "update", "vision", "--public", "--private"]);
    expect(both.code).toBe(2);
    // A remote a distribution still serves is not deleted.
    const inUse = await cli(["remote", "delete", "hf2"]);
    expect(inUse.code).toBe(1);
    expect(await handle.db.remote.count({ where: { name: "hf2" } })).toBe(1);

    // Access tokens of the second team: the secret is printed once, in the create answer only.
    const nightly = await cliJson<{ name: string; team: string; token: string }>([
      "token",
      "create",
      "--name",
      "ci/nightly",
      "--team",
      "Vision Lab",
    ]);
    expect(nightly.team).toBe(vision.slug);
    const deploy = await cliText(["token", "create", "--name", "deploy", "--team", "Vision Lab"]);
    expect(deploy).toContain(`Created access token deploy for team ${vision.slug}. Its secret (shown once):`);
    // The secret on a line of its own, once (as the content server takes it: hf_hc_…).
    const secret = String(/^ {2}(hf_hc_\S+)$/m.exec(deploy)?.[1]);
    expect(secret).toMatch(/^hf_hc_/);
    expect(deploy.split(secret)).toHaveLength(2);
    const visionTokens = await cliJson<Page<{ name: string; pulp_href: string }>>([
      "token",
      "list",
      "--team",
      "Vision Lab",
    ]);
    expect(visionTokens.results.map((row) => row.name).sort()).toEqual(["ci/nightly", "deploy"]);
    const tokenTable = await cliText(["token", "list", "--team", vision.pulp_href]);
    expect(tokenTable.split("\n")[0]).toMatch(/^NAME\s+TEAM\s+STATUS\s+LAST USED\s+EXPIRES\s+HREF$/);
    expect(tokenTable).toMatch(new RegExp(`^ci/nightly\\s+${vision.slug}\\s+active\\s`, "m"));
    expect(tokenTable).not.toContain(secret);
    expect((await cliJson<{ status: string }>(["token", "revoke", "ci/nightly"])).status).toBe("revoked");
    const deployHref = visionTokens.results.find((row) => row.name === "deploy")?.pulp_href;
    expect(await cliText(["token", "revoke", String(deployHref)])).toBe("Revoked access token deploy.\n");

    expect(await cliJson<{ deleted: string }>(["distribution", "delete", "vision"])).toEqual({
      deleted: visionModels.pulp_href.split("/").at(-2),
    });
    expect(await cliText(["distribution", "delete", "vision-private"])).toBe(
      "Deleted distribution vision-private.\n",
    );
    expect(await cliJson<{ deleted: string }>(["remote", "delete", hf2.pulp_href])).toEqual({
      deleted: hf2.pulp_href.split("/").at(-2),
    });
    expect(await cliText(["remote", "delete", "hf4"])).toBe("Deleted remote hf4.\n");
    expect(await handle.db.remote.count()).toBe(remotesBefore);

    // Deleting a team: by name, and (human output) by href.
    const scratch = await cliJson<Team>(["team", "create", "Scratch"]);
    expect(await cliJson<{ deleted: string }>(["team", "delete", "Vision Lab"])).toEqual({
      deleted: visionId,
    });
    expect(await cliText(["team", "delete", scratch.pulp_href])).toBe(`Deleted team ${scratch.pulp_href}.\n`);
    expect((await cliJson<Page<Team>>(["team", "list"])).results.map((team) => team.slug)).toEqual([
      "research",
    ]);
  });

  it("cancels a running pre-fetch: it stops after the file it was fetching, state canceled", async () => {
    hub.faults = slowHub();
    try {
      const queued = await cliJson<{ task: string }>([
        "cache",
        "prefetch",
        "--distribution",
        "models",
        "--repo",
        SLOW_REPO,
      ]);
      type Task = { state: string; progress_reports: Array<{ code: string; done: number; total: number }> };
      const doneFiles = (task: Task) =>
        task.progress_reports.find((r) => r.code === "prefetch.files")?.done ?? 0;
      let running: Task | null = null;
      for (let i = 0; i < 100 && !(running && doneFiles(running) >= 1); i++) {
        running = await cliJson<Task>(["task", "show", queued.task]);
        if (doneFiles(running) < 1) await sleep(200);
      }
      expect(running?.state).toBe("running");
      const shown = await cliText(["task", "show", queued.task.split("/").at(-2) ?? ""]);
      expect(shown).toMatch(/^state:\s+running$/m);
      expect(shown).toMatch(new RegExp(`^files:\\s+\\d+/${SLOW_FILES}$`, "m"));

      expect(await cliText(["task", "cancel", queued.task])).toBe(`Canceled ${queued.task}.\n`);
      // It stops after the file in flight: what is cached no longer grows, and the task says canceled.
      const cached = () => handle.db.cachedFile.count({ where: { repoId: SLOW_REPO } });
      await sleep(2 * 1000);
      const settled = await cached();
      await sleep(2 * 1000);
      expect(await cached()).toBe(settled);
      expect(settled).toBeLessThan(SLOW_FILES);
      const canceled = await cliJson<Task>(["task", "show", queued.task]);
      expect(canceled.state).toBe("canceled");
      expect(doneFiles(canceled)).toBeLessThan(SLOW_FILES);
      const again = await cli(["task", "cancel", queued.task]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("already canceled");
    } finally {
      hub.faults = { ...slowHub(), bytesPerSecond: 0 };
    }
  });

  it("takes the URL and token from --url/--token over HUBCACHE_URL/HUBCACHE_TOKEN over what login stored", async () => {
    const empty = join(dataDir, "no-config");
    const env = { HUBCACHE_URL: webUrl, HUBCACHE_TOKEN: apiToken };
    type Me = { username: string };
    const fromEnv = await cliWith(["whoami", "--json"], { env, configHome: empty });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect((JSON.parse(fromEnv.stdout) as Me).username).toBe("alice");
    const fromOptions = await cliWith(["--url", webUrl, "--token", apiToken, "whoami", "--json"], {
      configHome: empty,
    });
    expect((JSON.parse(fromOptions.stdout) as Me).username).toBe("alice");
    // --token wins over HUBCACHE_TOKEN, either way round.
    const wrongOption = await cliWith(["whoami", "--token", "hcapi_wrong"], { env, configHome: empty });
    expect(wrongOption.code).toBe(1);
    expect(wrongOption.stderr).toContain("Authentication credentials");
    const rightOption = await cliWith(["whoami", "--token", apiToken, "--json"], {
      env: { ...env, HUBCACHE_TOKEN: "hcapi_wrong" },
      configHome: empty,
    });
    expect(rightOption.code, rightOption.stderr).toBe(0);
    // --url wins over HUBCACHE_URL, and HUBCACHE_URL over what login stored.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const wrongUrl = await cliWith(["--url", closed, "whoami"], { env, configHome: empty });
    expect(wrongUrl.code).toBe(1);
    expect(wrongUrl.stderr).toContain("Could not reach the server");
    const envOverStored = await cliWith(["whoami"], { env: { HUBCACHE_URL: closed } });
    expect(envOverStored.code).toBe(1);
    expect(envOverStored.stderr).toContain("Could not reach the server");
    const notAUrl = await cliWith(["whoami"], { env: { HUBCACHE_URL: "ftp://example.com" } });
    expect(notAUrl.code).toBe(2);
    expect(existsSync(join(empty, "hubcache"))).toBe(false);
  });

  it("answers --help at every level, and unknown commands with exit 2", async () => {
    for (const args of [
      ["team"],
      ["team", "member"],
      ["team", "member", "add"],
      ["remote", "update"],
      ["distribution", "create"],
      ["token", "list"],
      ["cache", "pin"],
      ["task", "cancel"],
    ]) {
      const help = await cli([...args, "--help"]);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout, args.join(" ")).toMatch(new RegExp(`^Usage: hubcache ${args.join(" ")} `));
    }
    expect(await cliText(["cache", "pin", "--help"])).toContain("--path <path>");
    const unknown = await cli(["team", "frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("frobnicate");
  });

  it("prints login, whoami and status for people; login asks for a password only on a terminal", async () => {
    const fresh = join(dataDir, "fresh-config");
    const login = await cliWith(["login", "--url", webUrl, "--token", apiToken], { configHome: fresh });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toBe(
      `Logged in to ${webUrl} as alice (saved in ${join(fresh, "hubcache", "config.json")}).\n`,
    );
    // No terminal to ask on and no --password-stdin: a usage error, and nothing is stored.
    const elsewhere = join(dataDir, "no-terminal-config");
    const noTerminal = await cliWith(["login", "--url", webUrl, "--username", "alice"], {
      configHome: elsewhere,
    });
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain("--password-stdin");
    expect(existsSync(elsewhere)).toBe(false);

    const whoami = await cliText(["whoami"]);
    expect(whoami.split("\n")[0]).toBe("alice");
    expect(whoami).toMatch(/^TEAM\s+SLUG\s+ROLE$/m);
    expect(whoami).toMatch(/^Research\s+research\s+owner$/m);
    const status = await cliText(["status"]);
    expect(status.split("\n")[0]).toMatch(
      /^CONTENT SERVER\s+ONLINE\s+LAST HEARTBEAT\s+VERSION\s+FILLS\s+LIMIT\s+UPSTREAMS OFFLINE$/,
    );
    // alice is no instance admin: the replica by its id, never its internal URL.
    expect(status).toMatch(/^(?!http)\S+\s+yes\s+\d+s ago\s+0\.1\.0\s+\d+\s/m);
    expect(status).toMatch(/^database:\s+online$/m);
    expect(status).toMatch(/^hit ratio \(14 days\):\s+\d+\.\d%$/m);
  });

  it.skipIf(!hasScript)(
    "login --username asks for the password on a terminal without echoing it",
    async () => {
      const configDir = join(dataDir, "terminal-config");
      const command = [process.execPath, bin, "login", "--url", webUrl, "--username", "alice"]
        .map((part) => `'${part}'`)
        .join(" ");
      // `script` runs the CLI on a pseudo-terminal and passes what is written here to it as typed keys.
      const child = spawn("script", ["-qec", command, "/dev/null"], {
        env: { ...process.env, XDG_CONFIG_HOME: configDir },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let screen = "";
      child.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (screen += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      for (let i = 0; i < 100 && !screen.includes("Password for alice: "); i++) await sleep(100);
      expect(screen).toContain("Password for alice: ");
      child.stdin.write(`${PASSWORD}\r`);
      expect(await exited).toBe(0);
      child.stdin.end();
      expect(screen).toContain(`Logged in to ${webUrl} as alice`);
      expect(screen).not.toContain(PASSWORD);
      const stored = JSON.parse(readFileSync(join(configDir, "hubcache", "config.json"), "utf8")) as {
        token: string;
      };
      expect(stored.token).toMatch(/^hcapi_/);
    },
  );

  it("finds objects by name and lists the cache past the API's 1000-item pages", async () => {
    // 1100 more teams alice is a plain member of, and 1100 more cached repos: a second page each.
    const extra = Array.from({ length: 1100 }, (_, i) => i);
    await handle.db.team.createMany({ data: extra.map((i) => ({ name: `Bulk ${i}`, slug: `bulk-${i}` })) });
    const bulk = await handle.db.team.findMany({
      where: { slug: { startsWith: "bulk-" } },
      select: { id: true },
    });
    const alice = await handle.db.user.findUniqueOrThrow({ where: { username: "alice" } });
    await handle.db.membership.createMany({
      data: bulk.map((team) => ({ teamId: team.id, userId: alice.id, role: "member" })),
    });
    const lastPage = (await (
      await fetch(`${webUrl}/pulp/api/v3/teams/?limit=1000&offset=1000`, {
        headers: { authorization: `Bearer ${apiToken}` },
      })
    ).json()) as Page<Team>;
    const farTeam = lastPage.results.at(-1);
    expect(farTeam?.name).toMatch(/^Bulk \d+$/);
    expect((await cliJson<Team>(["team", "show", String(farTeam?.name)])).pulp_href).toBe(farTeam?.pulp_href);

    const remote = await handle.db.remote.findFirstOrThrow({ where: { name: "hf" } });
    const digest = (i: number) => i.toString(16).padStart(64, "0");
    await handle.db.blob.createMany({
      data: extra.map((i) => ({ digest: digest(i), size: 1n, storageKey: `bulk/${i}` })),
    });
    await handle.db.cachedFile.createMany({
      data: extra.map((i) => ({
        remoteId: remote.id,
        repoType: "model",
        repoId: `bulk/repo-${i}`,
        commit: "b".repeat(40),
        path: "f.bin",
        blobDigest: digest(i),
        etag: '"e"',
        size: 1n,
        lfs: false,
      })),
    });
    try {
      const repos = await cliJson<Page<{ repo: string }>>(["cache", "ls", "--distribution", "models"]);
      expect(repos.count).toBeGreaterThan(1000);
      expect(repos.results).toHaveLength(repos.count);
      expect(new Set(repos.results.map((row) => row.repo)).size).toBe(repos.count);
    } finally {
      await handle.db.cachedFile.deleteMany({ where: { repoId: { startsWith: "bulk/" } } });
      await handle.db.blob.deleteMany({ where: { storageKey: { startsWith: "bulk/" } } });
      await handle.db.team.deleteMany({ where: { slug: { startsWith: "bulk-" } } });
    }
  });
});
