/**
 * The baselines the benchmark measures in its own run: this disk's sequential write rate (what a cold
 * fill that stores every byte cannot beat) and nginx serving the same bytes with sendfile (what a warm
 * hit is compared with). nginx is Debian's (`apt-get install nginx-light`); without it that column says so.
 */
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** MB/s (10^6 bytes/s) of `dd` writing `bytes` into `dir` with fdatasync, as the issue measured it. */
export async function diskWriteRate(dir: string, bytes: number): Promise<number> {
  const MiB = 1024 * 1024;
  const file = join(dir, "dd-probe.bin");
  const dd = Bun.spawnSync([
    "dd",
    "if=/dev/zero",
    `of=${file}`,
    "bs=1M",
    `count=${Math.ceil(bytes / MiB)}`,
    "conv=fdatasync",
  ]);
  await rm(file, { force: true });
  // "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 0.87 s, 1.2 GB/s"
  const match = /(\d+) bytes .* copied, ([\d.]+) s/.exec(dd.stderr.toString());
  if (dd.exitCode !== 0 || !match) throw new Error(`dd failed: ${dd.stderr.toString()}`);
  return Number(match[1]) / 1e6 / Number(match[2]);
}

export interface Nginx {
  /** Where files to serve go; served at `${url}/<name>`. */
  root: string;
  url: string;
  /** The master process (its workers are its children). */
  pid: number;
  stop(): void;
}

/** Starts Debian's nginx (one worker, sendfile, no access log) on `port`, or null when it is not installed. */
export async function startNginx(dir: string, port: number): Promise<Nginx | null> {
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
      `  server { listen 127.0.0.1:${port}; root ${root}; }`,
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
