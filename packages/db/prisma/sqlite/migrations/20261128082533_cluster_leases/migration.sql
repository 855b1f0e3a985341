-- CreateTable
CREATE TABLE "ClusterLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "holderUrl" TEXT NOT NULL,
    "token" BIGINT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "acquiredAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ClusterLeaseToken" (
    "id" BIGINT NOT NULL PRIMARY KEY
);

-- CreateIndex
CREATE UNIQUE INDEX "ClusterLease_token_key" ON "ClusterLease"("token");

-- CreateIndex
CREATE INDEX "ClusterLease_expiresAt_idx" ON "ClusterLease"("expiresAt");

