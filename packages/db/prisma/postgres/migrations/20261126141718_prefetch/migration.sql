-- CreateTable
CREATE TABLE "PrefetchJob" (
    "id" TEXT NOT NULL,
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
    "requestedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrefetchJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrefetchJob_status_createdAt_idx" ON "PrefetchJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PrefetchJob_distributionId_createdAt_idx" ON "PrefetchJob"("distributionId", "createdAt");

-- AddForeignKey
ALTER TABLE "PrefetchJob" ADD CONSTRAINT "PrefetchJob_distributionId_fkey" FOREIGN KEY ("distributionId") REFERENCES "Distribution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

