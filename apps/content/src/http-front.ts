import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { open } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { freeChunk, returnCopy } from "@hubcache/core";
import { localFileOf, type LocalFileRange } from "./local-file.ts";
import { readFromPageCache } from "./page-cache-read.ts";
import { SendBuffers } from "./send-buffers.ts";
import { inMemoryBodyOf } from "./memory-body.ts";
import { replayKeyOf, replayTermsOf, type ReplayCache, type ReplayEntry } from "./replay-cache.ts";

/**
 * The content server's HTTP/1.1 front: node:http (under Bun), handing each request to the app's
 * `fetch(Request) → Response`. Not Bun.serve, because Bun.serve drops a handler-set Content-Length on
 * every streamed body and sends it chunked (oven-sh/bun#10507): a cold file, streamed as it arrives from
 * the Hub, must still tell its length, as the Hub does. Bun's node:http keeps it; files on disk go out
 * through `sendFile`, bodies already in memory (memory-body.ts) in one write (docs/performance.md).
 */

export type FetchHandler = (request: Request) => Promise<Response>;

export interface HttpFrontOptions {
  host: string;
  port: number;
  /** A client that sends no complete request head within this time is disconnected. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** Logs a failure to write a response (the client is then cut off). */
  onError: (error: unknown) => void;
  /** Where answers the app marked replayable are kept and replayed from (replay-cache.ts). */
  replays?: ReplayCache;
  /** Whether a file's bytes already in memory may be read on the event loop (`sendFile`); default yes. */
  pageCacheReads?: boolean;
}

export interface HttpFront {
  port: number;
  /**
   * Stops accepting connections; requests in flight get up to `graceMs` to finish, then every connection
   * is closed (their response bodies are cancelled, so downloads nobody reads any more can stop).
   */
  stop(graceMs: number): Promise<void>;
}

const BODYLESS = new Set(["GET", "HEAD"]);
/**
 * A file sent from disk is read into a buffer of (at most) this size, reused chunk after chunk (for a
 * larger file, one of the shared send buffers below): no garbage per chunk (node's file streams allocate
 * a buffer per read, which grew the server by ~140 MiB serving one 1 GiB file before the collector caught
 * up).
 */
const FILE_CHUNK = 512 * 1024;
/**
 * While at most this many files are being sent, their chunks are read on the event loop when they are in
 * the page cache (page-cache-read.ts): a fifth less CPU per warm GiB and faster lone downloads. More than
 * that and the copies would all queue on this one thread, so they go to the pool threads again (64
 * clients at once were slower with every read on the event loop; docs/performance.md).
 */
const MAX_SENDS_READING_ON_LOOP = 4;
/** Files being sent right now, by every front of this process (they share its event loop). */
let filesBeingSent = 0;
/**
 * The buffers of files larger than one chunk, shared by every front of this process: 16 × 512 KiB. 16
 * clients at once get one each, as when each download had its own; more share them (send-buffers.ts).
 */
const sendBuffers = new SendBuffers(FILE_CHUNK, 16);
/**
 * A write not drained within this long (a client that stopped reading, or reads slower than ~5 MB/s) takes
 * its shared buffer out of the pool, so that it cannot hold up the downloads waiting for one.
 */
const SEND_STALL_MS = 100;

function toRequest(incoming: IncomingMessage, origin: string): Request {
  const method = incoming.method ?? "GET";
  const hasBody = !BODYLESS.has(method);
  return new Request(`${origin}${incoming.url ?? "/"}`, {
    method,
    // node joins repeated request headers into one string (only a response's set-cookie is a list).
    headers: incoming.headers as Record<string, string>,
    ...(hasBody
      ? { body: Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>, duplex: "half" }
      : {}),
  });
}

/** The response's headers as node:http takes them; `set-cookie` stays a list. */
function headerRecord(headers: Headers): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) record["set-cookie"] = cookies;
  return record;
}

/** Resolves once the event loop has run what else is ready (other connections' requests and writes). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves when `outgoing` can take more, or is closed, or the client is gone (`clientGone`). */
function writable(outgoing: ServerResponse, clientGone: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (clientGone.aborted) return resolve();
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      clientGone.removeEventListener("abort", done);
      resolve();
    };
    outgoing.on("drain", done);
    outgoing.on("close", done);
    clientGone.addEventListener("abort", done, { once: true });
  });
}

/**
 * Sends the head and streams `body` to the client. When the client goes, the body is cancelled at once,
 * also while it waits for bytes (a download only this client was reading can stop), and this rejects.
 * A body without a Content-Length that comes in one piece (the app's JSON, errors and metrics) goes out
 * with its length in one write; a longer one is sent chunked as it comes.
 */
async function writeResponse(
  body: ReadableStream<Uint8Array>,
  head: { status: number; headers: Record<string, string | string[]> },
  outgoing: ServerResponse,
  clientGone: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel(clientGone.reason).catch(() => undefined);
  clientGone.addEventListener("abort", cancel, { once: true });
  const declared = head.headers["content-length"];
  let written = 0;
  try {
    if (declared === undefined) {
      const first = await reader.read();
      const second = first.done ? first : await reader.read();
      if (second.done) {
        const bytes = first.done ? new Uint8Array(0) : first.value;
        const length = String(bytes.byteLength);
        outgoing.writeHead(head.status, { ...head.headers, "content-length": length }).end(bytes);
        return;
      }
      outgoing.writeHead(head.status, head.headers);
      outgoing.write(first.value as Uint8Array);
      if (!outgoing.write(second.value)) await writable(outgoing, clientGone);
    } else {
      outgoing.writeHead(head.status, head.headers);
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (clientGone.aborted) throw clientGone.reason;
      if (done) break;
      written += value.length;
      if (!outgoing.write(value)) await writable(outgoing, clientGone);
      // node:http is done with the chunk (taken whole, or drained; see sendFile): a copy the cache lent
      // can be reused. Not after a close, which may leave a write unsent.
      if (!clientGone.aborted) returnCopy(value);
    }
    // Ending short of the announced length would leave the client waiting for the rest on a live
    // connection: cut it instead.
    if (declared !== undefined && written !== Number(declared)) {
      throw new Error(`body of ${written} bytes, ${String(declared)} announced`);
    }
    outgoing.end();
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    clientGone.removeEventListener("abort", cancel);
  }
}

/**
 * Sends bytes `start..end` of a file. A small file or range goes through a buffer of its own size, a
 * larger one through the shared send buffers (send-buffers.ts), one at a time. A buffer is read into
 * again, or handed back, only once node:http is done with it: at once after a write the socket took
 * whole, else after the drain. Bun keeps a write it could not send whole by reference until then (a
 * buffer changed sooner reaches the client changed). Bytes in the page cache are read on this thread
 * while few files are being sent (above), the rest on a pool thread.
 */
async function sendFile(
  range: LocalFileRange,
  outgoing: ServerResponse,
  clientGone: AbortSignal,
  pageCacheReads: boolean,
): Promise<void> {
  const handle = await open(range.path, "r");
  filesBeingSent++;
  const size = range.end - range.start + 1;
  /** The download's own buffer: a small file's, or a shared one that left the pool with a stalled client. */
  let own: Buffer | null = size < FILE_CHUNK ? Buffer.allocUnsafe(size) : null;
  /** The shared buffer held right now, if any. */
  let lent: Buffer | null = null;
  try {
    let position = range.start;
    while (position <= range.end) {
      if (clientGone.aborted) throw clientGone.reason;
      const buffer = own ?? (lent = await sendBuffers.take());
      if (clientGone.aborted) throw clientGone.reason;
      const length = Math.min(buffer.length, range.end + 1 - position);
      const fromMemory =
        pageCacheReads && filesBeingSent <= MAX_SENDS_READING_ON_LOOP
          ? readFromPageCache(handle.fd, buffer, length, position)
          : null;
      const bytesRead = fromMemory ?? (await handle.read(buffer, 0, length, position)).bytesRead;
      if (bytesRead === 0) throw new Error(`${range.path} is shorter than the range sent`);
      position += bytesRead;
      if (!outgoing.write(buffer.subarray(0, bytesRead))) {
        const stalled =
          lent === null
            ? undefined
            : setTimeout(() => {
                // The client is not reading: the buffer leaves the pool and is this download's from now on.
                sendBuffers.leave();
                own = lent;
                lent = null;
              }, SEND_STALL_MS);
        await writable(outgoing, clientGone);
        clearTimeout(stalled);
      }
      if (clientGone.aborted) throw clientGone.reason;
      if (lent !== null) {
        sendBuffers.giveBack(lent);
        lent = null;
      }
      // A read from memory did not wait for anything: without this turn, a fast client's drains and the
      // next reads would follow each other with nothing else run in between (Bun ran no timer for the
      // whole of a 64 MiB download), where a pool read lets the loop go round.
      if (fromMemory !== null && position <= range.end) await nextTurn();
    }
    outgoing.end();
    // node:http is done with it (above): freed now, not at the collector's next pass (a crowd of
    // downloads left its buffers, 512 KiB each, to pile up with the next crowd's). Not after a close,
    // which may leave a write unsent that still points at it.
    if (own !== null && !clientGone.aborted && !outgoing.destroyed) freeChunk(own);
  } finally {
    // Out with a write that may be unsent (the client went, a read failed): never handed back.
    if (lent !== null) sendBuffers.leave();
    filesBeingSent--;
    await handle.close();
  }
}

/** Sends a kept answer again, under a request id of its own. */
function replay(entry: ReplayEntry, outgoing: ServerResponse): void {
  const requestId = randomUUID();
  outgoing.writeHead(entry.status, { ...entry.headers, "x-request-id": requestId });
  if (entry.body) outgoing.end(entry.body);
  else outgoing.end();
  entry.onReplay(requestId);
}

/** The head as kept for replays: each replay gets its own request id. */
function withoutRequestId(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const { "x-request-id": _, ...rest } = headers;
  return rest;
}

export async function startHttpFront(fetch: FetchHandler, options: HttpFrontOptions): Promise<HttpFront> {
  /**
   * Each response being answered, with what ends it when the client goes or the front stops (none for a
   * replay, sent in one write).
   */
  const inFlight = new Map<ServerResponse, AbortController | null>();
  let idle: (() => void) | null = null;
  const { replays, pageCacheReads = true } = options;

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const replayKey = replays
      ? replayKeyOf(incoming.method, incoming.url, (name) => incoming.headers[name])
      : null;
    if (replayKey !== null) {
      const kept = replays?.get(replayKey);
      if (kept) return replay(kept, outgoing);
    }
    const aborted = new AbortController();
    inFlight.set(outgoing, aborted);
    // A client that goes before its answer is complete: the app's body is cancelled (a download it
    // alone was reading can stop).
    outgoing.once("close", () => {
      if (!outgoing.writableFinished) aborted.abort(new Error("client went away"));
    });
    const origin = `http://${incoming.headers.host ?? `${options.host}:${front.port}`}`;
    const response = await fetch(toRequest(incoming, origin));
    const headers = headerRecord(response.headers);
    const bytes = inMemoryBodyOf(response);
    if (bytes) headers["content-length"] = String(bytes.byteLength);
    /** Keeps an answer sent whole for replays, if the app marked it so. */
    const keep = (body: Uint8Array | null) => {
      const terms = replayTermsOf(response);
      if (terms && replays && replayKey !== null) {
        replays.put(replayKey, response.status, withoutRequestId(headers), body, terms);
      }
    };
    if (response.body === null || incoming.method === "HEAD") {
      await response.body?.cancel();
      outgoing.writeHead(response.status, headers).end();
      keep(null);
      return;
    }
    if (bytes) {
      outgoing.writeHead(response.status, headers).end(bytes);
      keep(bytes);
      return;
    }
    const file = localFileOf(response);
    if (file) {
      await response.body.cancel();
      outgoing.writeHead(response.status, headers);
      await sendFile(file, outgoing, aborted.signal, pageCacheReads);
      return;
    }
    await writeResponse(response.body, { status: response.status, headers }, outgoing, aborted.signal);
  }

  const server = createServer((incoming, outgoing) => {
    inFlight.set(outgoing, null);
    handle(incoming, outgoing)
      .catch((error: unknown) => {
        // Headers are out (or the client is gone): the only honest end is a cut connection, never a
        // complete-looking short body.
        if (!outgoing.destroyed) options.onError(error);
        outgoing.destroy();
      })
      .finally(() => {
        inFlight.delete(outgoing);
        if (inFlight.size === 0) idle?.();
      });
  });
  server.headersTimeout = options.headersTimeoutMs;
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  // Downloads of many gigabytes take as long as they take; slow clients are the TCP stack's business.
  server.requestTimeout = 0;
  server.listen(options.port, options.host);
  await once(server, "listening");
  const front = {
    port: (server.address() as AddressInfo).port,
    async stop(graceMs: number): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (graceMs > 0 && inFlight.size > 0) {
        const drained = new Promise<void>((resolve) => {
          idle = resolve;
        });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([drained, timedOut]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      // Bun closes the sockets without a "close" on their responses: a download waiting for a drain
      // would wait for ever, its file left open.
      for (const aborted of inFlight.values()) aborted?.abort(new Error("the server stopped"));
      await closed;
    },
  };
  return front;
}
