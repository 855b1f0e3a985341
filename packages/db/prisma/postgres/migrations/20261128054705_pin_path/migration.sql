-- DropIndex
DROP INDEX "Pin_remoteId_repoType_repoId_commit_key";

-- AlterTable
ALTER TABLE "Pin" ADD COLUMN     "path" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "Pin_remoteId_repoType_repoId_commit_path_key" ON "Pin"("remoteId", "repoType", "repoId", "commit", "path");

