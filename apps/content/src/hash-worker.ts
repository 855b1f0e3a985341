/**
 * The hashing thread (worker-hasher.ts): sha256 and, when asked, the git blob sha1 of each job's bytes, in
 * the order they were posted. Each batch's buffer goes back to the main thread to be filled again.
 */
import { createHash, type Hash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import type { HashReply, HashRequest } from "./worker-hasher.ts";

interface Job {
  sha256: Hash;
  gitSha1: Hash | null;
}

const jobs = new Map<number, Job>();
const port = parentPort;
if (!port) throw new Error("hash-worker.ts runs as a worker thread");

const reply = (message: HashReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on("message", (request: HashRequest) => {
  switch (request.kind) {
    case "start":
      jobs.set(request.job, {
        sha256: createHash("sha256"),
        gitSha1: request.gitSha1Header === null ? null : createHash("sha1").update(request.gitSha1Header),
      });
      return;
    case "data": {
      const job = jobs.get(request.job);
      job?.sha256.update(request.bytes);
      job?.gitSha1?.update(request.bytes);
      reply({ kind: "free", buffer: request.bytes.buffer as ArrayBuffer }, [
        request.bytes.buffer as ArrayBuffer,
      ]);
      return;
    }
    case "finish": {
      const job = jobs.get(request.job);
      jobs.delete(request.job);
      if (!job) return;
      reply({
        kind: "done",
        job: request.job,
        sha256: job.sha256.digest("hex"),
        gitSha1: job.gitSha1?.digest("hex") ?? null,
      });
      return;
    }
    case "abort":
      jobs.delete(request.job);
      return;
  }
});
