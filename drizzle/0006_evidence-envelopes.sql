CREATE TABLE "evidence" (
	"scan_id" uuid PRIMARY KEY NOT NULL,
	"evidence_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"envelope_json" text,
	"head" text,
	"signed" boolean DEFAULT false NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sealed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_evidence_id_unique" UNIQUE("evidence_id")
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every path that ends a scan (ingest, cancel, recovery, a failed deadline, an
-- import) tells the sealer at once; its sweep catches anything missed.
CREATE FUNCTION vega_notify_scan_ended() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('vega_scans_ended', NEW.id::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER scans_ended_notify AFTER UPDATE OF status ON scans
  FOR EACH ROW WHEN (NEW.status IN ('completed', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION vega_notify_scan_ended();
