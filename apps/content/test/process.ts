import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

const MAIN = join(import.meta.dir, "..", "src", "main.ts");

export interface ContentProcess {
  pid: number;
  /** The server's root URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number>;
  alive(): boolean;
  /** Open file descriptors, read from /proc/<pid>/fd. */
  descriptors(): number;
  /** Resident set size in bytes, read from /proc/<pid>/status. */
  rss(): number;
  signal(name: "SIGTERM" | "SIGKILL" | "SIGINT"): void;
  stop(): Promise<void>;
}

/**
 * The content server as an operator runs it (`bun src/main.ts`), in its own process, so that tests can
 * read its descriptors and memory, kill it, and see whether it survives.
 */
export async function spawnContentServer(env: Record<string, string>): Promise<ContentProcess> {
  const bun = process.execPath;
  const child: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn([bun, MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      HOST: "127.0.0.1",
      CONTENT_PORT: "0",
      LOG_LEVEL: "warn",
      HUBCACHE_SECRET: "test",
      ...env,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let printed = "";
  let announced: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => {
    announced = resolve;
  });
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) return;
      printed += decoder.decode(chunk, { stream: true });
      const match = /Hubcache content server: (http:\/\/[^\s/]+)/.exec(printed);
      if (match?.[1]) announced(match[1]);
    }
  };
  void collect(child.stdout);
  void collect(child.stderr);
  const exited = child.exited;
  const started = await Promise.race([
    listening,
    exited.then((code) => Promise.reject(new Error(`content server exited (${code}):\n${printed}`))),
    Bun.sleep(30_000).then(() => Promise.reject(new Error(`content server did not start:\n${printed}`))),
  ]);
  let exitCode: number | null = null;
  void exited.then((code) => {
    exitCode = code;
  });
  return {
    pid: child.pid,
    url: started,
    output: () => printed,
    exited,
    alive: () => exitCode === null,
    descriptors: () => readdirSync(`/proc/${child.pid}/fd`).length,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (!kb) throw new Error("no VmRSS in /proc status");
      return Number(kb) * 1024;
    },
    signal: (name) => child.kill(name),
    async stop() {
      if (exitCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
