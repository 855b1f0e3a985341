/**
 * The whole flow, as a user runs it: the `hubcache` binary (the built package, as a subprocess) against
 * the REST API over real HTTP, the content server (Bun, its pre-fetch worker included) and the stand-in
 * Hub, sharing one SQLite database. The REST API is served by `createPulpApi` in a plain Node HTTP server
 * (not `next start`, which needs a production build of the console): the same routes and services the
 * console's `/pulp/api/v3/` serves; only the credential check is the tests' own (personal API tokens,
 * through the same `authenticateApiToken` the console uses).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPulpApi } from "@hubcache/services";
import { authenticateApiToken, createApiToken, SecretBox } from "@hubcache/db";
import { openTestDb } from "@hubcache/db/test-support";
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

describe("hubcache, end to end", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hubcache-cli-"));
  const configHome = join(dataDir, "config");
  const children: ChildProcess[] = [];
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  let web: Server;
  let webUrl = "";
  let contentUrl = "";
  let hubUrl = "";
  let apiToken = "";
  const PASSWORD = "correct horse battery staple";

  /** Runs the CLI with its own config folder and no HUBCACHE_* variables. */
  const cli = (args: string[], stdin?: string): Promise<Run> =>
    new Promise((resolve) => {
      const { HUBCACHE_URL: _u, HUBCACHE_TOKEN: _t, ...env } = process.env;
      const child = execFile(
        process.execPath,
        [bin, ...args],
        { env: { ...env, XDG_CONFIG_HOME: configHome }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(stdin ?? "");
    });
  const cliJson = async <T>(args: string[], stdin?: string): Promise<T> => {
    const run = await cli([...args, "--json"], stdin);
    expect(run.stderr, args.join(" ")).toBe("");
    expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
    return JSON.parse(run.stdout) as T;
  };

  beforeAll(async () => {
    handle = await openTestDb("sqlite");
    const [hubPort, contentPort] = [await freePort(), await freePort()];
    hubUrl = `http://127.0.0.1:${hubPort}`;
    contentUrl = `http://127.0.0.1:${contentPort}`;
    const hub = start([join(root, "packages/fake-hub/src/cli.ts"), "--port", String(hubPort)], {});
    children.push(hub.child);
    await waitFor(`${hubUrl}/api/models/gpt2`, hub.child, hub.log);
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
    expect(plain.stderr).toMatch(/^completed: \d+\/\d+ files/m);
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
});
