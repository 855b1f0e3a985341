-- CreateTable
CREATE TABLE "ContentServer" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "fillsInFlight" INTEGER NOT NULL DEFAULT 0,
    "cacheMaxBytes" BIGINT,
    "upstreams" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "ContentServer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContentServer_heartbeatAt_idx" ON "ContentServer"("heartbeatAt");

