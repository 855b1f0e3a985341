import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** `target` with the proxy's host and port: the same database, reached through the proxy. */
  url: string;
  /** Drops every connection and refuses new ones: the database is unreachable. */
  cut(): Promise<void>;
  /**
   * Keeps every connection, and accepts new ones, but forwards nothing either way: the database stops
   * answering (a frozen server, a partition that drops packets). Nothing fails; everything waits.
   */
  blackHole(): void;
  /** Back to normal: listening again after a cut; after a black hole, what was held is delivered. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy in front of a server (PostgreSQL) that a test can cut or black-hole, as a network would. */
export async function tcpProxy(target: URL): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  /** While black-holed, the bytes not forwarded yet, in the order they came. */
  let held: (() => void)[] | null = null;
  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (held) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  };
  const listen = async () => {
    const listening = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      const forget = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", forget).on("close", forget);
      upstream.on("error", forget).on("close", forget);
      forward(client, upstream);
      forward(upstream, client);
    });
    await new Promise<void>((resolve) => listening.listen(port, "127.0.0.1", resolve));
    port = (listening.address() as { port: number }).port;
    server = listening;
  };
  const deliverHeld = () => {
    const pending = held ?? [];
    held = null;
    for (const write of pending) write();
  };
  const stop = async () => {
    held = null;
    const listening = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
  };
  await listen();
  const url = new URL(target);
  url.port = String(port);
  return {
    url: url.toString(),
    cut: stop,
    blackHole: () => {
      held ??= [];
    },
    restore: async () => {
      deliverHeld();
      if (!server) await listen();
    },
    close: stop,
  };
}
