import { expect, test } from "bun:test";
import { connect } from "node:net";
import { startHttpFront, type FetchHandler } from "../src/http-front.ts";

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

test("a client that goes mid-body cancels the handler's body at once", async () => {
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
    expect(await posted.text()).toBe("got paths=a,b");
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("1234");
    expect(await head.text()).toBe("");
  } finally {
    await server.stop(0);
  }
});
