// Row types of the shared models (identical for both providers; taken from the SQLite client).
export type {
  ApiCache,
  AuditEvent,
  Blob,
  CachedFile as CachedFileRow,
  ContentToken,
  Distribution,
  Membership,
  Remote,
  RevisionCache,
  Team,
  User,
} from "../generated/sqlite/client.ts";
export type { Prisma } from "../generated/sqlite/client.ts";
