import type { FillClaim, FillCoordinator, FillLease } from "@hubcache/core";
import { acquireLease, confirmLease, releaseLease, renewLease, type Db } from "@hubcache/db";
import { createHash } from "node:crypto";
import { clusterAuthHeaders } from "./cluster-auth.ts";

/** Where replicas read each other's fills (see cluster-endpoint.ts). */
export const FILL_PATH = "/_cluster/fills/";

export interface ClusterFillsOptions {
  replicaId: string;
  /** How other replicas reach this one (REPLICA_URL, else the URL it listens on). */
  replicaUrl(): string;
  clusterSecret: string;
  /** How long a fill's lease lasts without renewal: how soon another replica takes over a dead one's. */
  leaseMs: number;
  onError(error: unknown, context: Record<string, unknown>): void;
}

/** The lease's name: the fill key hashed (paths can be long), the same on every replica. */
export function fillLeaseName(fillKey: string): string {
  return `fill:${createHash("sha256").update(fillKey).digest("hex")}`;
}

export function fillUrl(replicaUrl: string, fillKey: string): string {
  return `${replicaUrl.replace(/\/$/, "")}${FILL_PATH}${Buffer.from(fillKey).toString("base64url")}`;
}

/**
 * One fill per file cluster-wide, by a lease in the database: the replica that gets it downloads the
 * file and renews the lease while it does; the others read its fill over the internal endpoint as it
 * arrives. A replica that dies stops renewing, and another takes the fill over once the lease expires.
 */
export class ClusterFills implements FillCoordinator {
  constructor(
    private readonly db: Db,
    private readonly options: ClusterFillsOptions,
  ) {}

  async claim(fillKey: string): Promise<FillClaim> {
    const { replicaId, replicaUrl, leaseMs } = this.options;
    const name = fillLeaseName(fillKey);
    const grant = await acquireLease(this.db, {
      name,
      holder: replicaId,
      holderUrl: replicaUrl(),
      ttlMs: leaseMs,
    });
    if (grant.acquired) {
      return { role: "owner", lease: new RenewedLease(this.db, name, replicaId, grant.token, this.options) };
    }
    return { role: "follower", read: (start, end) => this.readPeer(grant.holderUrl, fillKey, start, end) };
  }

  private async readPeer(
    holderUrl: string,
    fillKey: string,
    start: number,
    end: number,
  ): Promise<ReadableStream<Uint8Array>> {
    const abort = new AbortController();
    // Connecting and the first answer: a replica that does not answer within a lease is given up.
    const timer = setTimeout(
      () => abort.abort(new Error("the replica filling the file does not answer")),
      this.options.leaseMs,
    );
    try {
      const response = await fetch(fillUrl(holderUrl, fillKey), {
        headers: { ...clusterAuthHeaders(this.options.clusterSecret), range: `bytes=${start}-${end}` },
        signal: abort.signal,
      });
      if (response.status !== 206 || !response.body) {
        await response.body?.cancel();
        throw new Error(`the replica filling the file answered ${response.status}`);
      }
      return stallGuard(response.body, this.options.leaseMs, abort);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The stream of a peer's fill, errored when no byte has come for `idleMs` (a replica paused or cut off
 * mid-fill holds the connection open: its follower then continues from elsewhere).
 */
function stallGuard(
  body: ReadableStream<Uint8Array>,
  idleMs: number,
  abort: AbortController,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(
          () => abort.abort(new Error("the replica filling the file stalled")),
          idleMs,
        );
        try {
          const { value, done } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** A fill's lease, renewed every third of its length until released or lost. */
class RenewedLease implements FillLease {
  private readonly listeners: Array<() => void> = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private validUntil: number;
  private state: "held" | "lost" | "released" = "held";

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly holder: string,
    private readonly token: bigint,
    private readonly options: ClusterFillsOptions,
  ) {
    this.validUntil = Date.now() + options.leaseMs;
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(options.leaseMs / 3)));
    // A lease never keeps the process alive: a stopping server gives its fills up (or lets them expire).
    this.timer.unref?.();
  }

  onLost(listener: () => void): void {
    this.listeners.push(listener);
  }

  async confirm(): Promise<boolean> {
    if (this.state !== "held") return false;
    return confirmLease(this.db, { name: this.name, holder: this.holder, token: this.token });
  }

  async release(): Promise<void> {
    if (this.state === "released") return;
    const wasHeld = this.state === "held";
    this.state = "released";
    clearInterval(this.timer);
    if (wasHeld) await releaseLease(this.db, { name: this.name, holder: this.holder, token: this.token });
  }

  private async renew(): Promise<void> {
    if (this.state !== "held") return;
    const started = Date.now();
    let renewed: boolean;
    try {
      renewed = await renewLease(this.db, {
        name: this.name,
        holder: this.holder,
        token: this.token,
        ttlMs: this.options.leaseMs,
      });
    } catch (error) {
      this.options.onError(error, { lease: this.name });
      // The database did not answer: the lease holds until it would have expired, then counts as lost.
      renewed = Date.now() < this.validUntil;
      if (renewed) return;
    }
    if (renewed) {
      this.validUntil = started + this.options.leaseMs;
      return;
    }
    if (this.state !== "held") return;
    this.state = "lost";
    clearInterval(this.timer);
    for (const listener of this.listeners) listener();
  }
}
