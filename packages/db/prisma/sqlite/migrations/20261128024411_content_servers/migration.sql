-- CreateTable
CREATE TABLE "ContentServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "fillsInFlight" INTEGER NOT NULL DEFAULT 0,
    "cacheMaxBytes" BIGINT,
    "upstreams" TEXT NOT NULL DEFAULT '{}'
);

-- CreateIndex
CREATE INDEX "ContentServer_heartbeatAt_idx" ON "ContentServer"("heartbeatAt");

