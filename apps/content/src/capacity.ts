import {
  BackgroundLoop,
  type BackgroundLoopOptions,
  type BlobStore,
  type CapacityGate,
  type CapacityReservation,
  type RepoKey,
  TtlMap,
} from "@hubcache/core";
import {
  evictFiles,
  evictableStoredBytes,
  evictableTeamBytes,
  filesOfBlob,
  forgetBlobIfUnreferenced,
  leastRecentBlobs,
  leastRecentTeamFiles,
  limitedTeams,
  pruneEvictionEvents,
  storedBytes,
  teamOfRemote,
  teamUsageBytes,
  unreferencedBlobs,
  usageByTeam,
  type Db,
  type EvictableFile,
  type EvictionReason,
  type TeamCapacity,
} from "@hubcache/db";
import type { CapacityMetrics } from "./capacity-metrics.ts";
import type { Logger } from "./logger.ts";

const GIB = 2 ** 30;
const BATCH = 100;
const DAY_MS = 86_400_000;
/** Eviction records older than this are forgotten. */
const EVENT_RETENTION_MS = 30 * DAY_MS;

export interface CapacityLimits {
  /** The most the store may hold; null: no limit but the free-space floor. */
  maxBytes: number | null;
  /** Free space the file system always keeps; null: 1 GiB or 5% of the file system, the smaller. */
  minFreeBytes: number | null;
}

/** The free-space floor for a file system of `totalBytes`. */
export function freeSpaceFloor(limits: CapacityLimits, totalBytes: number): number {
  return limits.minFreeBytes ?? Math.min(GIB, Math.floor(totalBytes * 0.05));
}

/**
 * Keeps the store within its limits: the instance's `CACHE_MAX_BYTES` and free-space floor (at blob
 * level: the least recently used blobs go, with every file that refers to them), and each team's quota
 * (at file level: the team's least recently used files go; a blob's bytes go only once no team's file
 * refers to it). Room is made before a fill, never after the disk is full; a file that cannot fit is
 * served streamed. Pinned files and blobs in use in this process (being served or filled) are never
 * evicted. A background loop applies retention, quotas lowered meanwhile, and removes blobs no file
 * refers to any more (purges, deleted remotes and teams).
 *
 * Reservations and blobs in use are known in this process only. With several replicas on one store, the
 * background pass runs on one of them at a time (`runsClusterPass`); room made before a fill counts
 * this replica's fills in flight, not the others' (their bytes count once they are stored and the total is
 * read again, within the configuration's refresh interval), and a blob another replica is serving is
 * protected by being the most recently used, not by a lease.
 */
export interface CapacityOptions {
  /** How often the background pass runs. */
  intervalMs: number;
  onError: BackgroundLoopOptions["onError"];
  /** Index rows were removed (evicted): lookups remembered in memory must be forgotten. */
  onFilesRemoved(): void;
  /**
   * Replicas of a cluster: whether this one runs the background pass now (one replica does, so that
   * retention, quotas and garbage collection are applied once). None: this process always does.
   */
  runsClusterPass?: () => Promise<boolean>;
  /**
   * How long a remote's team and quota, and the store's total size, are reused before they are read again
   * (the configuration's refresh interval). A fill then asks the database nothing when no quota is set:
   * summing every blob's size took 33 ms with 200,000 blobs, per cold fill, one fill at a time.
   */
  readTtlMs?: number;
  now?: () => number;
}

export class CapacityManager implements CapacityGate {
  private reservedTotal = 0;
  private readonly reservedByTeam = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();
  private readonly loop: BackgroundLoop;
  private readonly now: () => number;
  private readonly teams: TtlMap<TeamCapacity | null>;
  /** The store's total size as last read from the database, and when; null: to be read again. */
  private stored: { bytes: number; readAt: number } | null = null;
  /** Bytes of this process's fills that ended since then: counted as stored, on the safe side. */
  private endedSinceRead = 0;

  constructor(
    private readonly db: Db,
    private readonly store: BlobStore,
    private readonly limits: CapacityLimits,
    private readonly metrics: CapacityMetrics,
    private readonly logger: Logger,
    private readonly options: CapacityOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.teams = new TtlMap(options.readTtlMs ?? 0, this.now);
    this.loop = new BackgroundLoop({
      name: "capacity",
      intervalMs: options.intervalMs,
      run: () => this.maintain(),
      onError: options.onError,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs the maintenance pass now (and waits for it); never rejects (failures go to `onError`). */
  runNow(): Promise<void> {
    return this.loop.runNow();
  }

  /** One eviction decision at a time: two fills never count the same free room. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  reserve(repo: RepoKey, size: number): Promise<CapacityReservation | null> {
    return this.exclusive(() => this.makeRoom(repo, size));
  }

  private async makeRoom(repo: RepoKey, size: number): Promise<CapacityReservation | null> {
    const team = await this.teamOf(repo.remoteId);
    if (!team) return this.tooBig(repo, size, "remote gone");
    if (team.quotaBytes !== null) {
      const used = (await teamUsageBytes(this.db, team.teamId)) + (this.reservedByTeam.get(team.teamId) ?? 0);
      const over = used + size - team.quotaBytes;
      if (over > 0) {
        if (size > team.quotaBytes || (await evictableTeamBytes(this.db, team.teamId)) < over) {
          return this.tooBig(repo, size, "quota");
        }
        const freed = await this.evictTeamFiles(team, over, "quota");
        if (freed < over) return this.tooBig(repo, size, "quota");
      }
    }
    const need = await this.instanceOverflow(size);
    if (need > 0) {
      if ((await evictableStoredBytes(this.db)) < need) return this.tooBig(repo, size, "instance");
      const freed = await this.evictBlobs(need, "instance");
      if (freed < need || (await this.instanceOverflow(size)) > 0) return this.tooBig(repo, size, "instance");
    }
    return this.hold(team.teamId, size);
  }

  private async teamOf(remoteId: string): Promise<TeamCapacity | null> {
    const known = this.teams.get(remoteId);
    if (known !== undefined) return known;
    const team = await teamOfRemote(this.db, remoteId);
    this.teams.set(remoteId, team);
    return team;
  }

  /** How many bytes must go before `size` more fit (0: they fit): the limit and the free-space floor. */
  private async instanceOverflow(size: number): Promise<number> {
    const pending = this.reservedTotal;
    let need = 0;
    if (this.limits.maxBytes !== null) {
      need = (await this.storedTotal()) + pending + size - this.limits.maxBytes;
    }
    const space = await this.store.space();
    if (space) {
      // Fills in flight have written part of their bytes already: counting all of them is on the safe side.
      const floor = freeSpaceFloor(this.limits, space.totalBytes);
      const belowFloor = floor - (space.freeBytes - pending - size);
      if (belowFloor > 0) {
        this.metrics.floorHit();
        need = Math.max(need, belowFloor);
      }
    }
    return Math.max(0, need);
  }

  /**
   * The store's size: read again after `readTtlMs` or after anything was removed; in between, fills that
   * ended since are added whether or not they stored new bytes (a blob may have been there already), so
   * that it is never under the truth for this process's own fills.
   */
  private async storedTotal(): Promise<number> {
    if (this.stored === null || this.now() - this.stored.readAt >= (this.options.readTtlMs ?? 0)) {
      const ended = this.endedSinceRead;
      const bytes = await storedBytes(this.db);
      this.stored = { bytes, readAt: this.now() };
      this.endedSinceRead -= ended;
    }
    return this.stored.bytes + this.endedSinceRead;
  }

  private hold(teamId: string, size: number): CapacityReservation {
    this.reservedTotal += size;
    this.reservedByTeam.set(teamId, (this.reservedByTeam.get(teamId) ?? 0) + size);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.reservedTotal -= size;
        this.endedSinceRead += size;
        const left = (this.reservedByTeam.get(teamId) ?? size) - size;
        if (left > 0) this.reservedByTeam.set(teamId, left);
        else this.reservedByTeam.delete(teamId);
      },
    };
  }

  private tooBig(repo: RepoKey, size: number, reason: string): null {
    this.metrics.tooBig(reason);
    this.logger.warn(
      { remoteId: repo.remoteId, repo: repo.repoId, size, reason },
      "file too big for the room that can be freed: served streamed, not kept",
    );
    return null;
  }

  /**
   * Removes a team's least recently used unpinned files until `bytes` of its usage are freed (or, with
   * `usedBefore`, every file last used before then). Returns the usage freed.
   */
  private async evictTeamFiles(
    team: TeamCapacity,
    bytes: number,
    reason: EvictionReason,
    usedBefore?: Date,
  ): Promise<number> {
    let freed = 0;
    const skip = new Set<string>();
    while (freed < bytes) {
      const candidates = await leastRecentTeamFiles(this.db, team.teamId, {
        take: BATCH,
        usedBefore,
        skip: [...skip],
      });
      if (candidates.length === 0) break;
      const chosen: EvictableFile[] = [];
      for (const file of candidates) {
        if (freed >= bytes) break;
        // Being served or filled right now: left alone (and not asked for again in this pass).
        if (this.store.inUse(file.blobDigest)) {
          skip.add(file.blobDigest);
          continue;
        }
        chosen.push(file);
        freed += file.size;
      }
      if (chosen.length === 0) continue;
      const orphans = await evictFiles(this.db, chosen, reason);
      this.stored = null;
      this.options.onFilesRemoved();
      this.reportEvicted(reason, chosen);
      for (const digest of orphans) await this.removeUnreferenced(digest);
    }
    return freed;
  }

  /** Removes least recently used unpinned blobs (with every file of any team on them). Returns bytes freed. */
  private async evictBlobs(bytes: number, reason: EvictionReason): Promise<number> {
    let freed = 0;
    const skip = new Set<string>();
    while (freed < bytes) {
      const candidates = await leastRecentBlobs(this.db, { take: BATCH, skip: [...skip] });
      if (candidates.length === 0) break;
      for (const blob of candidates) {
        if (freed >= bytes) break;
        skip.add(blob.digest);
        // The bytes go first, and only if unused; the rows then (a crash in between leaves rows whose
        // blob is missing: never served, dropped at the next start).
        if (!(await this.store.deleteIfUnused(blob.digest))) continue;
        const files = await filesOfBlob(this.db, blob.digest);
        await evictFiles(this.db, files, reason);
        this.stored = null;
        this.options.onFilesRemoved();
        this.reportEvicted(reason, files);
        await forgetBlobIfUnreferenced(this.db, blob.digest);
        freed += blob.size;
      }
    }
    return freed;
  }

  /**
   * Removes blobs no file refers to any more (after a purge). Blobs in use stay until a later
   * background pass; returns how many went now.
   */
  removeBlobs(digests: string[]): Promise<number> {
    return this.exclusive(async () => {
      let removed = 0;
      for (const digest of digests) if (await this.removeUnreferenced(digest)) removed++;
      return removed;
    });
  }

  /** A blob no file refers to: its bytes go unless in use (then a later pass retries), then its row. */
  private async removeUnreferenced(digest: string): Promise<boolean> {
    if (!(await this.store.deleteIfUnused(digest))) return false;
    await forgetBlobIfUnreferenced(this.db, digest);
    this.stored = null;
    return true;
  }

  private reportEvicted(reason: EvictionReason, files: EvictableFile[]): void {
    if (files.length === 0) return;
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    this.metrics.evicted(reason, files.length, bytes);
    this.logger.info(
      {
        reason,
        files: files.length,
        bytes,
        evicted: files.slice(0, 10).map((file) => `${file.repoId}@${file.commit.slice(0, 8)}/${file.path}`),
      },
      "evicted cached files",
    );
  }

  /**
   * The background pass: retention by age, quotas lowered since the files were stored, the instance
   * limit, blobs no file refers to, old eviction records; then the storage gauges.
   */
  private async maintain(): Promise<void> {
    const ranHere = await this.exclusive(async () => {
      if (this.options.runsClusterPass && !(await this.options.runsClusterPass())) {
        await this.refreshSnapshot();
        return false;
      }
      for (const team of await limitedTeams(this.db)) {
        if (team.retentionDays !== null) {
          const before = new Date(this.now() - team.retentionDays * DAY_MS);
          await this.evictTeamFiles(team, Number.MAX_SAFE_INTEGER, "retention", before);
        }
        if (team.quotaBytes !== null) {
          const over =
            (await teamUsageBytes(this.db, team.teamId)) +
            (this.reservedByTeam.get(team.teamId) ?? 0) -
            team.quotaBytes;
          if (over > 0) await this.evictTeamFiles(team, over, "quota");
        }
      }
      const over = await this.instanceOverflow(0);
      if (over > 0) await this.evictBlobs(over, "instance");
      await this.collectGarbage();
      await pruneEvictionEvents(this.db, new Date(this.now() - EVENT_RETENTION_MS));
      await this.refreshSnapshot();
      return true;
    });
    if (!ranHere) return;
    // Outside the eviction lock: what killed fills left in a shared store (an object store's stray
    // multipart uploads) takes requests to a remote service and changes no accounting.
    const swept = (await this.store.sweep?.()) ?? 0;
    if (swept > 0) this.logger.info({ swept }, "removed stray uploads that interrupted fills left");
  }

  /** Blob rows no file refers to (purges, deleted remotes or teams) and their bytes. */
  private async collectGarbage(): Promise<number> {
    let removed = 0;
    const skip: string[] = [];
    for (;;) {
      const blobs = await unreferencedBlobs(this.db, BATCH, skip);
      if (blobs.length === 0) break;
      for (const blob of blobs) {
        if (await this.removeUnreferenced(blob.digest)) removed++;
        else skip.push(blob.digest);
      }
    }
    if (removed > 0) this.logger.info({ blobs: removed }, "removed blobs no cached file refers to");
    return removed;
  }

  private async refreshSnapshot(): Promise<void> {
    const [stored, teams] = await Promise.all([storedBytes(this.db), usageByTeam(this.db)]);
    this.metrics.update({
      storedBytes: stored,
      limitBytes: this.limits.maxBytes,
      teams: teams.map(({ slug, bytes }) => ({ slug, bytes })),
    });
  }
}
