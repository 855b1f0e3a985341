-- CreateTable
CREATE TABLE "ClusterLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "holderUrl" TEXT NOT NULL,
    "token" BIGINT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ClusterLeaseToken" (
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "ClusterLeaseToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClusterLease_token_key" ON "ClusterLease"("token");

-- CreateIndex
CREATE INDEX "ClusterLease_expiresAt_idx" ON "ClusterLease"("expiresAt");

