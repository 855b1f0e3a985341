/**
 * The soak's wrk phase: requests per second and latency percentiles of one URL under `connections`
 * keep-alive connections, measured by wrk (Debian's `wrk`: `apt-get install wrk`), a C client that
 * costs the machine far less per request than a JavaScript one, so that the server, not the client, is
 * what is measured. Without wrk the phase is skipped.
 */

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
}

export const hasWrk = (): boolean => Bun.which("wrk") !== null;

/** wrk prints durations with their unit: `850.00us`, `4.06ms`, `1.02s`. */
function milliseconds(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) throw new Error(`wrk printed an unexpected duration: ${text}`);
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

export function parseWrk(output: string): WrkResult {
  const field = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (!match?.[1]) throw new Error(`wrk output without ${pattern}:\n${output}`);
    return match[1];
  };
  const count = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSecond: Number(field(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: milliseconds(field(/^\s+50%\s+(\S+)$/m)),
    p99Ms: milliseconds(field(/^\s+99%\s+(\S+)$/m)),
    errors:
      count(/Non-2xx or 3xx responses: (\d+)/) +
      (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

/** Runs wrk (2 threads) against `url` for `seconds`. */
export async function runWrk(url: string, connections: number, seconds: number): Promise<WrkResult> {
  const wrk = Bun.spawn(
    ["wrk", "-t2", `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "5s", url],
    { stdout: "pipe", stderr: "pipe" },
  );
  const output = await new Response(wrk.stdout).text();
  if ((await wrk.exited) !== 0) throw new Error(`wrk failed: ${await new Response(wrk.stderr).text()}`);
  return parseWrk(output);
}
