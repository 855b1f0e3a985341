import { expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectLinks } from "../src/direct-links.ts";
import { startDirectServer } from "../src/direct-server.ts";

test("the direct port's access log has the link's path and range, never its signature", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-direct-"));
  const bytes = randomBytes(10_000);
  const digest = "cd".repeat(32);
  await writeFile(join(dir, digest), bytes);
  const logged: Array<Record<string, unknown>> = [];
  // The links need the port, the server needs them to check links: made once it listens.
  const made: { links?: DirectLinks } = {};
  const server = startDirectServer({
    host: "127.0.0.1",
    port: 0,
    check: (url) => made.links!.check(url),
    localPath: (name) => join(dir, name),
    touch: () => undefined,
    onError: (error) => logged.push({ error }),
    onAnswered: (entry) => logged.push(entry),
  });
  const links = (made.links = new DirectLinks(null, server.port, 0));
  try {
    const link = links.linkFor("http://127.0.0.1:1/x", { digest, fileName: "weights.bin" });
    const signature = new URL(link).searchParams.get("signature")!;
    const response = await fetch(link, { headers: { range: "bytes=10-19" } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
    expect(logged).toEqual([
      {
        method: "GET",
        path: `/blobs/${digest}/weights.bin`,
        range: "bytes=10-19",
        status: 206,
        ms: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain(signature);
  } finally {
    await server.stop(0);
    await rm(dir, { recursive: true, force: true });
  }
});
