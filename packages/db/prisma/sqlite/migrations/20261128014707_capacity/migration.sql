-- AlterTable
ALTER TABLE "Team" ADD COLUMN "quotaBytes" BIGINT;
ALTER TABLE "Team" ADD COLUMN "retentionDays" INTEGER;

-- CreateTable
CREATE TABLE "Pin" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "remoteId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Pin_remoteId_fkey" FOREIGN KEY ("remoteId") REFERENCES "Remote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PurgeJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "distributionId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT,
    "path" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "files" INTEGER NOT NULL DEFAULT 0,
    "blobs" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "requestedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PurgeJob_distributionId_fkey" FOREIGN KEY ("distributionId") REFERENCES "Distribution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvictionEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EvictionEvent_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CachedFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "remoteId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "blobDigest" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "linkedEtag" TEXT,
    "size" BIGINT NOT NULL,
    "lfs" BOOLEAN NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAccessedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CachedFile_remoteId_fkey" FOREIGN KEY ("remoteId") REFERENCES "Remote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CachedFile_blobDigest_fkey" FOREIGN KEY ("blobDigest") REFERENCES "Blob" ("digest") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CachedFile" ("blobDigest", "commit", "createdAt", "etag", "hits", "id", "lfs", "linkedEtag", "path", "remoteId", "repoId", "repoType", "size") SELECT "blobDigest", "commit", "createdAt", "etag", "hits", "id", "lfs", "linkedEtag", "path", "remoteId", "repoId", "repoType", "size" FROM "CachedFile";
DROP TABLE "CachedFile";
ALTER TABLE "new_CachedFile" RENAME TO "CachedFile";
CREATE INDEX "CachedFile_blobDigest_idx" ON "CachedFile"("blobDigest");
CREATE INDEX "CachedFile_remoteId_lastAccessedAt_idx" ON "CachedFile"("remoteId", "lastAccessedAt");
CREATE UNIQUE INDEX "CachedFile_remoteId_repoType_repoId_commit_path_key" ON "CachedFile"("remoteId", "repoType", "repoId", "commit", "path");
CREATE TABLE "new_PrefetchJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "distributionId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "commit" TEXT,
    "totalFiles" INTEGER NOT NULL DEFAULT 0,
    "doneFiles" INTEGER NOT NULL DEFAULT 0,
    "totalBytes" BIGINT NOT NULL DEFAULT 0,
    "doneBytes" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "pin" BOOLEAN NOT NULL DEFAULT false,
    "requestedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PrefetchJob_distributionId_fkey" FOREIGN KEY ("distributionId") REFERENCES "Distribution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PrefetchJob" ("commit", "createdAt", "distributionId", "doneBytes", "doneFiles", "error", "id", "repoId", "repoType", "requestedBy", "revision", "status", "totalBytes", "totalFiles", "updatedAt") SELECT "commit", "createdAt", "distributionId", "doneBytes", "doneFiles", "error", "id", "repoId", "repoType", "requestedBy", "revision", "status", "totalBytes", "totalFiles", "updatedAt" FROM "PrefetchJob";
DROP TABLE "PrefetchJob";
ALTER TABLE "new_PrefetchJob" RENAME TO "PrefetchJob";
CREATE INDEX "PrefetchJob_status_createdAt_idx" ON "PrefetchJob"("status", "createdAt");
CREATE INDEX "PrefetchJob_distributionId_createdAt_idx" ON "PrefetchJob"("distributionId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Pin_remoteId_repoType_repoId_commit_key" ON "Pin"("remoteId", "repoType", "repoId", "commit");

-- CreateIndex
CREATE INDEX "PurgeJob_status_createdAt_idx" ON "PurgeJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PurgeJob_distributionId_createdAt_idx" ON "PurgeJob"("distributionId", "createdAt");

-- CreateIndex
CREATE INDEX "EvictionEvent_teamId_createdAt_idx" ON "EvictionEvent"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "EvictionEvent_createdAt_idx" ON "EvictionEvent"("createdAt");

-- CreateIndex
CREATE INDEX "Blob_lastAccessedAt_idx" ON "Blob"("lastAccessedAt");


-- Existing files start with their blob's last access (the best estimate there is).
UPDATE "CachedFile" SET "lastAccessedAt" = (SELECT "lastAccessedAt" FROM "Blob" WHERE "Blob"."digest" = "CachedFile"."blobDigest");
