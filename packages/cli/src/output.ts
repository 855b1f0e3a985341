import { UsageError } from "./errors.ts";

/** Where a command writes: stdout for results, stderr for messages and progress. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars, colours). */
  isTty: boolean;
  readStdin(): Promise<string>;
  /**
   * Asks for a secret on the terminal without echoing it (the prompt on stderr); null when standard input
   * is not a terminal. Rejects with a UsageError when the user cancels (Ctrl-C, Ctrl-D).
   */
  promptSecret(prompt: string): Promise<string | null>;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  isTty: Boolean(process.stderr.isTTY),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString("utf8");
  },
  promptSecret: (prompt) => promptOnTerminal(process.stdin, process.stderr, prompt),
};

const ENTER = new Set(["\r", "\n"]);
const CANCEL = new Set(["\u0003", "\u0004"]); // Ctrl-C, Ctrl-D
const ERASE = new Set(["\u007f", "\b"]);

/** A line typed on a terminal in raw mode (so the terminal echoes nothing), the prompt on `output`. */
export async function promptOnTerminal(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  prompt: string,
): Promise<string | null> {
  if (!input.isTTY) return null;
  output.write(prompt);
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (ENTER.has(char) || CANCEL.has(char)) {
            input.off("data", onData);
            if (ENTER.has(char)) resolve(typed);
            else reject(new UsageError("Canceled: nothing was changed."));
            return;
          }
          typed = ERASE.has(char) ? typed.slice(0, -1) : typed + char;
        }
      };
      input.on("data", onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write("\n");
  }
}

type Cell = string | number | boolean | null | undefined;

/** A plain text table: a header row, then one row per item, columns padded to their widest cell. */
export function table(headers: string[], rows: Cell[][]): string {
  const text = (cell: Cell) => (cell === null || cell === undefined || cell === "" ? "-" : String(cell));
  const all = [headers, ...rows.map((row) => row.map(text))];
  const widths = headers.map((_, index) => Math.max(...all.map((row) => (row[index] ?? "").length)));
  return all
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** `key: value` lines, keys aligned. */
export function fields(entries: Array<[string, Cell]>): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${value ?? "-"}`).join("\n");
}

export function bytes(count: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${count} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** How long ago an ISO time was, coarsely (`4s ago`, `3m ago`, `2h ago`, `5d ago`); `-` when null. */
export function ago(iso: string | null, now = Date.now()): string {
  if (iso === null) return "-";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 2 * 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}

export const percent = (ratio: number | null) => (ratio === null ? "-" : `${(ratio * 100).toFixed(1)}%`);

/** The last segment of an href (`…/teams/abc/` → `abc`). */
export const idFromHref = (href: string) => href.replace(/\/+$/, "").split("/").pop() ?? href;
