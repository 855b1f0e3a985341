/** Where a command writes: stdout for results, stderr for messages and progress. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars, colours). */
  isTty: boolean;
  readStdin(): Promise<string>;
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
};

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

export const percent = (ratio: number | null) => (ratio === null ? "-" : `${(ratio * 100).toFixed(1)}%`);

/** The last segment of an href (`…/teams/abc/` → `abc`). */
export const idFromHref = (href: string) => href.replace(/\/+$/, "").split("/").pop() ?? href;
