/**
 * What each cache-index query costs the process that runs it (a benchmark, not a test): every method of
 * `createPrismaCacheIndex`, called one at a time N times on a fresh database, in ms per call. The
 * content server runs these on its event loop, so their time is time no other request is served.
 *
 *   npm run bench:index -w @hubcache/db                       SQLite in a temp folder
 *   DATABASE_URL=postgresql://… npm run bench:index -w @hubcache/db   PostgreSQL (tables must be empty of
 *                                                            the bench's team: it uses its own, then drops it)
 *   BENCH_CALLS=2000 …                                         calls per method (default 500)
 */
import type { RepoKey } from "@hubcache/core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrismaCacheIndex, openDb } from "../src/index.ts";

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const dir = await mkdtemp(join(tmpdir(), "hubcache-bench-index-"));
const url = process.env.DATABASE_URL || `file:${join(dir, "bench.db")}`;
const { db, provider, close } = await openDb(url);
const slug = `bench-index-${Date.now()}`;
const team = await db.team.create({ data: { name: slug, slug } });
try {
  const remote = await db.remote.create({ data: { teamId: team.id, name: "bench" } });
  const index = createPrismaCacheIndex(db);
  const repo: RepoKey = { remoteId: remote.id, repoType: "model", repoId: "bench/model" };
  const commit = "c".repeat(40);
  const file = (n: number) => ({
    commit,
    path: `file-${n}.bin`,
    blobDigest: `${slug}-${n}`.padEnd(64, "0"),
    etag: `"${n}"`,
    linkedEtag: null,
    size: 1000 + n,
    lfs: false,
  });
  const answer = { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
  const steps: Array<[string, (n: number) => Promise<unknown>]> = [
    ["putFile (a cold file's index write)", (n) => index.putFile(repo, file(n), `blobs/${n}`)],
    ["getFile, found", (n) => index.getFile(repo, commit, `file-${n}.bin`)],
    ["getFile, not found (every cold file)", (n) => index.getFile(repo, commit, `missing-${n}.bin`)],
    [
      "recordFileHits (per file served, per flush)",
      (n) => index.recordFileHits(repo, commit, `file-${n}.bin`, 3, new Date()),
    ],
    ["putRevision", (n) => index.putRevision(repo, `branch-${n % 50}`, commit)],
    ["getRevision", (n) => index.getRevision(repo, `branch-${n % 50}`)],
    ["putApiResponse", (n) => index.putApiResponse(repo, commit, `info-${n}`, answer)],
    ["getApiResponse", (n) => index.getApiResponse(repo, commit, `info-${n}`)],
  ];
  const rows: string[] = [];
  for (const [name, step] of steps) {
    await step(CALLS); // the first call of each prepares what it needs
    const started = performance.now();
    for (let n = 0; n < CALLS; n++) await step(n);
    rows.push(`| ${name} | ${((performance.now() - started) / CALLS).toFixed(3)} |`);
  }
  console.log(`\nCache index on ${provider}, ${CALLS} calls per method, one at a time (ms per call):\n`);
  console.log(["| query | ms |", "| --- | ---: |", ...rows].join("\n"));
} finally {
  await db.team.delete({ where: { id: team.id } });
  await db.blob.deleteMany({ where: { digest: { startsWith: slug } } });
  await close();
  await rm(dir, { recursive: true, force: true });
}
