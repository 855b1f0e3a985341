-- AlterTable
ALTER TABLE "CachedFile" ADD COLUMN     "lastAccessedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "PrefetchJob" ADD COLUMN     "pin" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "quotaBytes" BIGINT,
ADD COLUMN     "retentionDays" INTEGER;

-- CreateTable
CREATE TABLE "Pin" (
    "id" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurgeJob" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PurgeJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvictionEvent" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvictionEvent_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "CachedFile_remoteId_lastAccessedAt_idx" ON "CachedFile"("remoteId", "lastAccessedAt");

-- AddForeignKey
ALTER TABLE "Pin" ADD CONSTRAINT "Pin_remoteId_fkey" FOREIGN KEY ("remoteId") REFERENCES "Remote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurgeJob" ADD CONSTRAINT "PurgeJob_distributionId_fkey" FOREIGN KEY ("distributionId") REFERENCES "Distribution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvictionEvent" ADD CONSTRAINT "EvictionEvent_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Existing files start with their blob's last access (the best estimate there is).
UPDATE "CachedFile" SET "lastAccessedAt" = (SELECT "lastAccessedAt" FROM "Blob" WHERE "Blob"."digest" = "CachedFile"."blobDigest");
