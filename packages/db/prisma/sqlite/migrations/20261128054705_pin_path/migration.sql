-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Pin" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "remoteId" TEXT NOT NULL,
    "repoType" TEXT NOT NULL,
    "repoId" TEXT NOT NULL,
    "commit" TEXT NOT NULL DEFAULT '',
    "path" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Pin_remoteId_fkey" FOREIGN KEY ("remoteId") REFERENCES "Remote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Pin" ("commit", "createdAt", "createdBy", "id", "remoteId", "repoId", "repoType") SELECT "commit", "createdAt", "createdBy", "id", "remoteId", "repoId", "repoType" FROM "Pin";
DROP TABLE "Pin";
ALTER TABLE "new_Pin" RENAME TO "Pin";
CREATE UNIQUE INDEX "Pin_remoteId_repoType_repoId_commit_path_key" ON "Pin"("remoteId", "repoType", "repoId", "commit", "path");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

