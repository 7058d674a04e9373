ALTER TABLE "scans" ALTER COLUMN "snapshot_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "default_ref" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "ref" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "commit_sha" text;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "ref" text;--> statement-breakpoint
CREATE INDEX "snapshots_commit_idx" ON "snapshots" USING btree ("repository_id","commit_sha");--> statement-breakpoint
-- Backfills: a git repository tracks the branch it was registered with; its
-- snapshots came from that ref; every existing scan scanned its snapshot's commit.
UPDATE "repositories" SET "default_ref" = "source_ref" WHERE "source_type" = 'git' AND "source_ref" IS NOT NULL;--> statement-breakpoint
UPDATE "snapshots" s SET "ref" = r."source_ref" FROM "repositories" r WHERE r."id" = s."repository_id" AND r."source_type" = 'git';--> statement-breakpoint
UPDATE "scans" sc SET "commit_sha" = s."commit_sha", "ref" = s."ref" FROM "snapshots" s WHERE s."id" = sc."snapshot_id";
