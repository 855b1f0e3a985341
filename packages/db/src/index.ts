export { openDb, type Db, type DbHandle, type OpenDbOptions } from "./client.ts";
export {
  migrate,
  bundledMigrations,
  readMigrationsDir,
  migrationChecksum,
  MIGRATIONS_TABLE,
  type Migration,
  type MigrateOptions,
  type MigrateResult,
} from "./migrate.ts";
export {
  DEFAULT_DATABASE_URL,
  databaseUrlOrDefault,
  detectProvider,
  resolveDatabaseUrl,
  sqliteFilePath,
  dataDirFor,
  redactUrl,
  type DbProvider,
} from "./url.ts";
export { SecretBox, secretKeyFilePath, type SecretBoxLoadOptions } from "./secret-box.ts";
export { generateToken, hashToken, TOKEN_PREFIX } from "./tokens.ts";
export {
  ADMIN_ROLES,
  isAdminRole,
  MEMBERSHIP_ROLES,
  REMOTE_POLICIES,
  isMembershipRole,
  parseMembershipRole,
  isRemotePolicy,
  parseRemotePolicy,
  parsePatterns,
  serializePatterns,
  type MembershipRole,
  type RemotePolicy,
} from "./enums.ts";
export { isUniqueViolation, retryOnConflict } from "./errors.ts";
export { createPrismaCacheIndex } from "./cache-index.ts";
export {
  claimNextPrefetchJob,
  finishPrefetchJob,
  isPrefetchJobCanceled,
  queuePrefetchOnce,
  recordPrefetchPlan,
  recordPrefetchProgress,
  requeueStalePrefetchJobs,
  touchPrefetchJob,
  type PrefetchJobRow,
  type PrefetchRequest,
} from "./prefetch-queue.ts";
export {
  listDistributions,
  findActiveContentToken,
  touchContentToken,
  bootstrapDefaults,
  DEFAULT_TEAM_SLUG,
  DEFAULT_REMOTE_NAME,
  DEFAULT_DISTRIBUTION_BASE_PATH,
  type StoredRemote,
  type RemoteSettings,
  type DistributionRoute,
  type BootstrapOptions,
} from "./content-queries.ts";
export type * from "./models.ts";
export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, USERNAME_PATTERN } from "./account-rules.ts";
export {
  ensureAdmin,
  createPasswordUser,
  findPasswordUser,
  normalizeUsername,
  userEmail,
  generatePassword,
  USER_EMAIL_DOMAIN,
  CREDENTIAL_PROVIDER_ID,
  ADMIN_USERNAME,
  type HashPassword,
  type CreatePasswordUserInput,
  type EnsureAdminOptions,
  type EnsureAdminResult,
} from "./auth-bootstrap.ts";
export {
  createApiToken,
  revokeApiToken,
  listApiTokens,
  findApiToken,
  authenticateApiToken,
  generateApiToken,
  API_TOKEN_PREFIX,
  API_TOKEN_TOUCH_INTERVAL_MS,
  type ApiToken,
  type ApiTokenInfo,
} from "./auth-api-tokens.ts";
export {
  consumeLoginAttempt,
  loginBlockedFor,
  clearLoginFailures,
  signInLimitKey,
  SIGN_IN_FAILURE_LIMIT,
  type LoginAttempt,
  type LoginLimit,
} from "./auth-rate-limit.ts";
export { authSecret, type AuthSecretOptions } from "./auth-secret.ts";
export { hourOf, recordUsage, type UsageDelta } from "./usage.ts";
export {
  blobPage,
  dropBlobs,
  evictFiles,
  evictableStoredBytes,
  evictableTeamBytes,
  filesOfBlob,
  forgetBlobIfUnreferenced,
  indexedDigests,
  leastRecentBlobs,
  leastRecentTeamFiles,
  limitedTeams,
  PIN_SELECT,
  pinnedFiles,
  pinRepo,
  pruneEvictionEvents,
  storedBytes,
  teamOfRemote,
  teamUsageBytes,
  touchRepoFiles,
  unreferencedBlobs,
  usageByTeam,
  type EvictableBlob,
  type EvictableFile,
  type EvictionReason,
  type PinRow,
  type TeamCapacity,
} from "./capacity.ts";
export {
  claimNextPurgeJob,
  finishPurgeJob,
  auditPurge,
  purgeIndex,
  purgeTargetOf,
  requeueStalePurgeJobs,
  type PurgeJobRow,
  type PurgeScope,
} from "./purge-queue.ts";
export {
  forgetContentServer,
  listContentServers,
  recordHeartbeat,
  type ContentServerHeartbeat,
  type ContentServerState,
} from "./content-servers.ts";
export {
  acquireLease,
  confirmLease,
  leaseHolder,
  pruneExpiredLeases,
  releaseLease,
  renewLease,
  type AcquireLeaseInput,
  type AcquireLeaseResult,
  type LeaseInfo,
  type LeaseRef,
  type LeaseToken,
} from "./cluster-leases.ts";
