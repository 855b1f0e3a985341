import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { connect } from "node:net";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lentCopyOf } from "@hubcache/core";
import { startHttpFront, type FetchHandler } from "../src/http-front.ts";
import { localFileResponse } from "../src/local-file.ts";
import { inMemoryResponse } from "../src/memory-body.ts";
import { evictFromPageCache } from "./page-cache.ts";

async function front(fetch: FetchHandler) {
  const errors: unknown[] = [];
  const started = await startHttpFront(fetch, {
    host: "127.0.0.1",
    port: 0,
    headersTimeoutMs: 5_000,
    keepAliveTimeoutMs: 1_000,
    onError: (error) => errors.push(error),
  });
  return { ...started, url: `http://127.0.0.1:${started.port}`, errors };
}

/** A body of `chunks` chunks of 64 KiB; `onCancel` hears when the consumer gives up. */
function slowBody(chunks: number, onCancel: () => void = () => undefined): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent++ >= chunks) return controller.close();
        await Bun.sleep(5);
        controller.enqueue(new Uint8Array(64 * 1024).fill(sent));
      },
      cancel: onCancel,
    },
    { highWaterMark: 0 },
  );
}

test("a streamed body keeps the Content-Length its handler set", async () => {
  const server = await front(
    async () => new Response(slowBody(4), { headers: { "content-length": String(4 * 64 * 1024) } }),
  );
  try {
    const response = await fetch(server.url);
    expect(response.headers.get("content-length")).toBe(String(4 * 64 * 1024));
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect((await response.arrayBuffer()).byteLength).toBe(4 * 64 * 1024);
  } finally {
    await server.stop(0);
  }
});

test("a body held in memory goes out whole with its length in bytes (not characters); HEAD gets no body", async () => {
  const text = JSON.stringify({ id: "org/modèle", note: "日本語" });
  const server = await front(async () =>
    inMemoryResponse(text, { headers: { "content-type": "application/json" } }),
  );
  try {
    const response = await fetch(server.url);
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(await response.text()).toBe(text);
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(await head.text()).toBe("");
  } finally {
    await server.stop(0);
  }
});

test("a body that ends short of its Content-Length cuts the connection: never a complete-looking body", async () => {
  const server = await front(
    async () => new Response(slowBody(2), { headers: { "content-length": String(4 * 64 * 1024) } }),
  );
  try {
    const response = await fetch(server.url);
    const outcome = await response.arrayBuffer().then(
      () => "complete",
      () => "failed",
    );
    expect(outcome).toBe("failed");
    expect(String(server.errors[0])).toContain("announced");
  } finally {
    await server.stop(0);
  }
});

test("a long body without a length is streamed chunked; a client that goes mid-body cancels it at once", async () => {
  let cancelled = false;
  const server = await front(
    async () =>
      new Response(
        slowBody(10_000, () => {
          cancelled = true;
        }),
      ),
  );
  try {
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
    await new Promise<void>((resolve) => socket.once("data", () => resolve()));
    socket.destroy();
    for (let i = 0; i < 100 && !cancelled; i++) await Bun.sleep(10);
    expect(cancelled).toBe(true);
  } finally {
    await server.stop(0);
  }
});

test("a request body reaches the handler; HEAD answers carry their length but no body", async () => {
  const server = await front(async (request) => {
    if (request.method === "HEAD") return new Response(null, { headers: { "content-length": "1234" } });
    return new Response(`got ${await request.text()}`);
  });
  try {
    const posted = await fetch(server.url, { method: "POST", body: "paths=a,b" });
    // An answer in one piece goes out with its length, not chunked.
    expect(posted.headers.get("content-length")).toBe(String("got paths=a,b".length));
    expect(posted.headers.get("transfer-encoding")).toBeNull();
    expect(await posted.text()).toBe("got paths=a,b");
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("1234");
    expect(await head.text()).toBe("");
  } finally {
    await server.stop(0);
  }
});

test("a file range from disk reaches a slow reader intact (its one send buffer is reused)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-front-"));
  const bytes = randomBytes(9 * 1024 * 1024 + 17);
  const path = join(dir, "blob");
  await writeFile(path, bytes);
  const start = 3;
  const end = bytes.length - 5;
  const server = await front(async () =>
    localFileResponse(
      { path, start, end },
      { status: 206, headers: { "content-length": String(end - start + 1) } },
    ),
  );
  try {
    const response = await fetch(server.url);
    const reader = response.body!.getReader();
    const hash = createHash("sha256");
    let received = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      hash.update(next.value);
      received += next.value.length;
      // Reads slower than the server writes: its socket fills and it waits for drains.
      await Bun.sleep(1);
    }
    expect(received).toBe(end - start + 1);
    expect(hash.digest("hex")).toBe(
      createHash("sha256")
        .update(bytes.subarray(start, end + 1))
        .digest("hex"),
    );
  } finally {
    await server.stop(0);
    await rm(dir, { recursive: true, force: true });
  }
});

/** Serves the files under `dir` whole, by name (`/<name>`). */
function filesIn(dir: string, sizes: Map<string, number>): FetchHandler {
  return async (request) => {
    const name = new URL(request.url).pathname.slice(1);
    const size = sizes.get(name) ?? 0;
    return localFileResponse(
      { path: join(dir, name), start: 0, end: size - 1 },
      { status: 200, headers: { "content-length": String(size) } },
    );
  };
}

async function sha256Of(response: Response, readSlowly: boolean): Promise<string> {
  const reader = response.body!.getReader();
  const hash = createHash("sha256");
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    hash.update(next.value);
    if (readSlowly) await Bun.sleep(1);
  }
  return hash.digest("hex");
}

test("more downloads at once than send buffers: every file arrives intact (a buffer is lent to one download at a time)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-front-"));
  const sizes = new Map<string, number>();
  const digests = new Map<string, string>();
  for (let i = 0; i < 40; i++) {
    const bytes = randomBytes(4 * 1024 * 1024 + 1000 * i + 7);
    await writeFile(join(dir, `f${i}`), bytes);
    sizes.set(`f${i}`, bytes.length);
    digests.set(`f${i}`, createHash("sha256").update(bytes).digest("hex"));
  }
  const server = await front(filesIn(dir, sizes));
  try {
    // 40 clients in processes of their own over 16 shared buffers, every other one reading slowly (its
    // writes wait for drains while others wait for a buffer).
    const downloads = [...sizes.keys()].map((name, i) => {
      const limit = i % 2 === 0 ? ["--limit-rate", "40M"] : [];
      const curl = Bun.spawn([
        "curl",
        "-sf",
        ...limit,
        "-o",
        join(dir, `got-${name}`),
        `${server.url}/${name}`,
      ]);
      return curl.exited;
    });
    expect(await Promise.all(downloads)).toEqual(downloads.map(() => 0));
    for (const name of sizes.keys()) {
      const got = await readFile(join(dir, `got-${name}`));
      expect(createHash("sha256").update(got).digest("hex")).toBe(digests.get(name)!);
    }
    expect(server.errors).toEqual([]);
  } finally {
    await server.stop(0);
    await rm(dir, { recursive: true, force: true });
  }
});

test("clients that stop reading do not hold up the others: a stalled download's buffer leaves the pool", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-front-"));
  const sizes = new Map<string, number>();
  const big = randomBytes(32 * 1024 * 1024);
  await writeFile(join(dir, "big"), big);
  sizes.set("big", big.length);
  const other = randomBytes(9 * 1024 * 1024 + 3);
  await writeFile(join(dir, "other"), other);
  sizes.set("other", other.length);
  const server = await front(filesIn(dir, sizes));
  // More clients than shared buffers ask for a file larger than their sockets hold, and never read it.
  const stalled = Array.from({ length: 20 }, () => {
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET /big HTTP/1.1\r\nhost: x\r\n\r\n");
    socket.pause();
    return socket;
  });
  try {
    await Bun.sleep(500);
    const response = await fetch(`${server.url}/other`, { signal: AbortSignal.timeout(4_000) });
    expect(await sha256Of(response, false)).toBe(createHash("sha256").update(other).digest("hex"));
  } finally {
    for (const socket of stalled) socket.destroy();
    await server.stop(0);
    await rm(dir, { recursive: true, force: true });
  }
});

test("stopping the front while more downloads than send buffers are running, some waiting for one, ends them all and closes their files", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-front-"));
  const sizes = new Map<string, number>([["big", 32 * 1024 * 1024]]);
  await writeFile(join(dir, "big"), randomBytes(32 * 1024 * 1024));
  const descriptors = () => readdirSync("/proc/self/fd").length;
  const before = descriptors();
  const server = await front(filesIn(dir, sizes));
  try {
    // 40 clients at 40 MB/s: each write waits for a drain of a few ms, so 16 hold the buffers and the
    // others wait in turn (24 were waiting when the front stopped, here).
    const downloads = Array.from({ length: 40 }, () =>
      Bun.spawn(["curl", "-s", "--limit-rate", "40M", "-o", "/dev/null", `${server.url}/big`]),
    );
    await Bun.sleep(300);
    const started = performance.now();
    await server.stop(0);
    const codes = await Promise.all(downloads.map((curl) => curl.exited));
    expect(performance.now() - started).toBeLessThan(3_000);
    // Every download was cut short (curl's 18: transfer closed with bytes outstanding).
    expect(codes.every((code) => code !== 0)).toBe(true);
    // A download left waiting for a buffer would keep its file open.
    for (let i = 0; i < 50 && descriptors() > before + 2; i++) await Bun.sleep(20);
    expect(descriptors()).toBeLessThanOrEqual(before + 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("streamed bodies of lent copies reach slow readers intact: a copy is reused only once its socket is done with it", async () => {
  const piece = 256 * 1024;
  /** As a cold fill's lone reader gets its bytes: each chunk a copy lent from buffers every fill shares. */
  const lentBody = (source: Uint8Array) => {
    let offset = 0;
    return new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (offset >= source.length) return controller.close();
          controller.enqueue(lentCopyOf(source.subarray(offset, offset + piece)));
          offset += piece;
        },
      },
      { highWaterMark: 0 },
    );
  };
  const sources = [randomBytes(12 * 1024 * 1024), randomBytes(12 * 1024 * 1024)];
  const server = await front(async (request) => {
    const source = sources[Number(new URL(request.url).pathname.slice(1))]!;
    return new Response(lentBody(source), { headers: { "content-length": String(source.length) } });
  });
  /** Reads slower than the server writes: its socket fills and it waits for drains. */
  const slowDownload = async (index: number) => {
    const response = await fetch(`${server.url}/${index}`);
    const reader = response.body!.getReader();
    const hash = createHash("sha256");
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      hash.update(next.value);
      await Bun.sleep(1);
    }
    return hash.digest("hex");
  };
  try {
    // Two at once: a copy handed back too soon would be refilled with the other's bytes.
    const digests: string[] = await Promise.all([slowDownload(0), slowDownload(1)]);
    expect(digests).toEqual(sources.map((source) => createHash("sha256").update(source).digest("hex")));
  } finally {
    await server.stop(0);
  }
});

test("a file partly in the page cache and partly only on disk is sent intact (each part read its own way)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-front-"));
  const bytes = randomBytes(6 * 1024 * 1024 + 3);
  const path = join(dir, "blob");
  await writeFile(path, bytes);
  // The middle third on disk only: the send reads from memory, then from the disk, then from memory.
  await evictFromPageCache(path, 2 * 1024 * 1024, 2 * 1024 * 1024);
  const server = await front(async () =>
    localFileResponse(
      { path, start: 0, end: bytes.length - 1 },
      { headers: { "content-length": String(bytes.length) } },
    ),
  );
  try {
    const response = await fetch(server.url);
    const received = new Uint8Array(await response.arrayBuffer());
    expect(received.length).toBe(bytes.length);
    expect(Buffer.from(received).equals(bytes)).toBe(true);
  } finally {
    await server.stop(0);
    await rm(dir, { recursive: true, force: true });
  }
});

test("a fast download from the page cache leaves the event loop to others: timers run and a request made during it is answered", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-front-"));
  const size = 512 * 1024 * 1024;
  const path = join(dir, "big");
  await writeFile(path, Buffer.alloc(size, 1));
  let bigAsked: () => void = () => undefined;
  const bigStarted = new Promise<void>((resolve) => (bigAsked = resolve));
  const server = await front(async (request) => {
    if (new URL(request.url).pathname === "/small") return inMemoryResponse("ok", {});
    bigAsked();
    return localFileResponse(
      { path, start: 0, end: size - 1 },
      { headers: { "content-length": String(size) } },
    );
  });
  try {
    // curl reads as fast as the server sends, as a client on another machine would.
    const download = Bun.spawn(
      ["curl", "-sS", "-o", "/dev/null", "-w", "%{size_download}", `${server.url}/big`],
      { stdout: "pipe" },
    );
    await bigStarted;
    const began = performance.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const bigEnded = download.exited.then(() => {
      clearInterval(ticker);
      return performance.now();
    });
    const small = await fetch(`${server.url}/small`);
    expect(await small.text()).toBe("ok");
    const smallAnswered = performance.now();
    expect(await new Response(download.stdout).text()).toBe(String(size));
    const ended = await bigEnded;
    expect(smallAnswered).toBeLessThan(ended);
    // The loop went round at least every 5 ms on average (about every 1 ms here; every 13 ms when the
    // drains and reads from memory followed each other unbroken).
    expect(ticks).toBeGreaterThanOrEqual((ended - began) / 5);
  } finally {
    await server.stop(0);
    await rm(dir, { recursive: true, force: true });
  }
});
