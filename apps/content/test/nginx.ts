import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A TCP port on 127.0.0.1 free right now (for servers that cannot be told to pick one, such as nginx). */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(null) });
  const port = probe.port;
  await probe.stop(true);
  if (port === undefined) throw new Error("could not find a free port");
  return port;
}

export interface Nginx {
  /** Where files to serve go; served at `${url}/<name>`. */
  root: string;
  url: string;
  /** The master process (its workers are its children). */
  pid: number;
  stop(): void;
}

/**
 * Starts Debian's nginx (one worker, sendfile, no access log) on `port`, or null when it is not installed:
 * serving the files under `root`, or the `site` given (server blocks for nginx's http block).
 */
export async function startNginx(dir: string, port: number, site?: string): Promise<Nginx | null> {
  const binary = Bun.which("nginx") ?? Bun.which("nginx", { PATH: "/usr/sbin:/sbin" });
  if (!binary) return null;
  const root = join(dir, "nginx-www");
  await mkdir(root, { recursive: true });
  // Started as root, nginx's worker runs as nobody: it must be able to read what it serves.
  await chmod(dir, 0o755);
  await chmod(root, 0o755);
  const temp = (name: string) => `${name}_temp_path ${join(dir, `nginx-${name}`)};`;
  const config = join(dir, "nginx.conf");
  await writeFile(
    config,
    [
      "worker_processes 1;",
      "daemon off;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "nginx-error.log")};`,
      "events { worker_connections 1024; }",
      "http {",
      "  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;",
      "  default_type application/octet-stream;",
      `  ${temp("client_body")} ${temp("proxy")} ${temp("fastcgi")} ${temp("uwsgi")} ${temp("scgi")}`,
      site ?? `  server { listen 127.0.0.1:${port}; root ${root}; }`,
      "}",
    ].join("\n"),
  );
  const proc = Bun.spawn([binary, "-c", config, "-e", join(dir, "nginx-error.log")], {
    stdout: "ignore",
    stderr: "pipe",
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited: ${await new Response(proc.stderr).text()}`);
    const up = await fetch(`${url}/`).then(
      (response) => response.arrayBuffer().then(() => true),
      () => false,
    );
    if (up) return { root, url, pid: proc.pid, stop: () => proc.kill("SIGTERM") };
    if (performance.now() > deadline) throw new Error("nginx did not start");
    await Bun.sleep(50);
  }
}

const DEPLOY_CONFIG = join(import.meta.dir, "..", "..", "..", "deploy", "nginx-replicas.conf");

/**
 * nginx as the load balancer in front of content servers, with the README's configuration
 * (deploy/nginx-replicas.conf) filled in with `port` and the replicas' URLs.
 */
export async function startLoadBalancer(dir: string, port: number, replicas: string[]): Promise<Nginx> {
  const site = (await readFile(DEPLOY_CONFIG, "utf8"))
    .replace("{{LISTEN}}", `127.0.0.1:${port}`)
    .replace("{{REPLICAS}}", replicas.map((url) => `server ${new URL(url).host};`).join("\n    "));
  const nginx = await startNginx(dir, port, site);
  if (!nginx) throw new Error("nginx is not installed: apt-get install nginx-light");
  return nginx;
}
