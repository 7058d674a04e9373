ALTER TABLE "scan_events" DROP CONSTRAINT "scan_events_scan_id_scans_id_fk";
--> statement-breakpoint
ALTER TABLE "scan_events" DROP CONSTRAINT "scan_events_repository_id_repositories_id_fk";
