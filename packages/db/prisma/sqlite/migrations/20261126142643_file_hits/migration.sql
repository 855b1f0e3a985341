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
    CONSTRAINT "CachedFile_remoteId_fkey" FOREIGN KEY ("remoteId") REFERENCES "Remote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CachedFile_blobDigest_fkey" FOREIGN KEY ("blobDigest") REFERENCES "Blob" ("digest") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CachedFile" ("blobDigest", "commit", "createdAt", "etag", "id", "lfs", "linkedEtag", "path", "remoteId", "repoId", "repoType", "size") SELECT "blobDigest", "commit", "createdAt", "etag", "id", "lfs", "linkedEtag", "path", "remoteId", "repoId", "repoType", "size" FROM "CachedFile";
DROP TABLE "CachedFile";
ALTER TABLE "new_CachedFile" RENAME TO "CachedFile";
CREATE INDEX "CachedFile_blobDigest_idx" ON "CachedFile"("blobDigest");
CREATE UNIQUE INDEX "CachedFile_remoteId_repoType_repoId_commit_path_key" ON "CachedFile"("remoteId", "repoType", "repoId", "commit", "path");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

