/**
 * Decides which replica of a cluster fills a file, so that the upstream sees one download however many
 * replicas are asked for it at once. Without one (a single content server), every fill is this process's.
 */
export interface FillCoordinator {
  /**
   * Asked before this process downloads a file (`fillKey` names the remote, repo, commit and path the
   * same way on every replica): "owner" when this replica is to fill it, holding the lease until it is
   * released; "follower" when another replica fills it, with a way to read that fill as it arrives.
   */
  claim(fillKey: string): Promise<FillClaim>;
}

export type FillClaim = { role: "owner"; lease: FillLease } | { role: "follower"; read: PeerFillReader };

export interface FillLease {
  /**
   * Called when the lease is lost (it could not be renewed in time and another replica may have taken
   * the fill over): the download must stop.
   */
  onLost(listener: () => void): void;
  /**
   * The fencing check, made right before the file is indexed: true while this replica still holds the
   * lease. A replica paused past its lease (another replica took over) must not record the file.
   */
  confirm(): Promise<boolean>;
  /** Gives the fill up (stored, failed or abandoned), so another replica may claim it at once. */
  release(): Promise<void>;
}

/**
 * Bytes `start..end` (inclusive) of a fill another replica owns, streamed as the owner receives them. It
 * rejects, or its stream errors, when the owner is gone or no longer has that fill.
 */
export type PeerFillReader = (start: number, end: number) => Promise<ReadableStream<Uint8Array>>;
