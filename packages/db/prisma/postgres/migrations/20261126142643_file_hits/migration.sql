-- AlterTable
ALTER TABLE "CachedFile" ADD COLUMN     "hits" INTEGER NOT NULL DEFAULT 0;

