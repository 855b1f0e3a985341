/**
 * The stand-in Hub for the benchmark, in its own process so that serving it does not share a core with the
 * benchmark's client reads.
 *
 * Usage: `bun bench/fake-hub-process.ts '<json>'` where json is `{ "repo": "bench/model", "files": { "name":
 * { "size": n, "seed": s } } }`. Seeds the repo, pre-hashes every file, then prints one JSON line on stdout:
 * `{ "url", "statsUrl", "files": { "name": { "sha256", "size" } } }`.
 *
 * `GET <statsUrl>` answers `{ "total": n, "counts": { "<METHOD> <path without query>": n } }`: every request
 * the Hub received so far. The process exits on SIGINT/SIGTERM or when its stdin closes (the parent died).
 */
import { startFakeHub, type FileSpec } from "@hubcache/fake-hub";

interface HubSpec {
  repo: string;
  files: Record<string, { size: number; seed: number }>;
}

const spec = JSON.parse(process.argv[2] ?? "") as HubSpec;
const hub = await startFakeHub({ host: "127.0.0.1" });
const files: Record<string, FileSpec> = {};
for (const [name, file] of Object.entries(spec.files)) files[name] = { size: file.size, seed: file.seed };
hub.addRepo({ id: spec.repo, files });
await hub.warmup();

const stats = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    if (new URL(request.url).pathname !== "/__stats") return new Response("not found", { status: 404 });
    const counts: Record<string, number> = {};
    for (const r of hub.requests) {
      const key = `${r.method} ${r.path.split("?")[0] ?? r.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return Response.json({ total: hub.requests.length, counts });
  },
});

const info: Record<string, { sha256: string; size: number }> = {};
for (const name of Object.keys(spec.files)) {
  const file = hub.fileInfo("model", spec.repo, "main", name);
  info[name] = { sha256: file.sha256, size: file.size };
}
console.log(
  JSON.stringify({ url: hub.url, statsUrl: `http://127.0.0.1:${stats.port}/__stats`, files: info }),
);

let stopping = false;
function shutdown(): void {
  if (stopping) return;
  stopping = true;
  void stats.stop(true);
  void hub.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
// The parent holds our stdin open; EOF means it is gone, so no orphaned Hub is left behind.
void (async () => {
  const reader = Bun.stdin.stream().getReader();
  // Nothing is ever sent; just wait for the end of input.
  while (!(await reader.read()).done);
  shutdown();
})();
