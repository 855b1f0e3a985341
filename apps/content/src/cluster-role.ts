import { acquireLease, type Db } from "@hubcache/db";

export interface ClusterRoleOptions {
  replicaId: string;
  replicaUrl(): string;
  /** How long the role stays with a replica that stopped asking for it. */
  ttlMs: number;
}

/**
 * A task one replica of the cluster runs at a time (the capacity pass): each call asks for the role's
 * lease, which renews it for the replica holding it and hands it to another once it has expired.
 */
export function clusterRole(db: Db, name: string, options: ClusterRoleOptions): () => Promise<boolean> {
  return async () => {
    const grant = await acquireLease(db, {
      name: `role:${name}`,
      holder: options.replicaId,
      holderUrl: options.replicaUrl(),
      ttlMs: options.ttlMs,
    });
    return grant.acquired;
  };
}
