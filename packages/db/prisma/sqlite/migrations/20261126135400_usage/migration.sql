-- CreateTable
CREATE TABLE "UsageHour" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "distributionId" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "misses" INTEGER NOT NULL DEFAULT 0,
    "bytesFromCache" BIGINT NOT NULL DEFAULT 0,
    "bytesFromUpstream" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "UsageHour_distributionId_fkey" FOREIGN KEY ("distributionId") REFERENCES "Distribution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "UsageHour_hour_idx" ON "UsageHour"("hour");

-- CreateIndex
CREATE UNIQUE INDEX "UsageHour_distributionId_hour_key" ON "UsageHour"("distributionId", "hour");

