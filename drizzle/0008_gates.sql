CREATE TYPE "public"."gate_kind" AS ENUM('plan_review', 'budget');--> statement-breakpoint
CREATE TYPE "public"."gate_status" AS ENUM('open', 'decided', 'timed_out', 'closed');--> statement-breakpoint
CREATE TABLE "scan_gates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scan_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" "gate_kind" NOT NULL,
	"reason" text NOT NULL,
	"details" jsonb NOT NULL,
	"status" "gate_status" DEFAULT 'open' NOT NULL,
	"opened_attempt" integer NOT NULL,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"decision" text,
	"decision_detail" jsonb,
	"decided_by" uuid,
	"decided_by_label" text,
	"decided_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "plan_review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "plan_review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_gates" ADD CONSTRAINT "scan_gates_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_gates" ADD CONSTRAINT "scan_gates_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_gates" ADD CONSTRAINT "scan_gates_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scan_gates_key_idx" ON "scan_gates" USING btree ("scan_id","key");--> statement-breakpoint
CREATE INDEX "scan_gates_open_idx" ON "scan_gates" USING btree ("expires_at") WHERE status = 'open';--> statement-breakpoint
-- A scan that ends (by any path) while a gate is open closes that gate: there
-- is nothing left to decide, and the envelope records it as closed unanswered.
CREATE FUNCTION vega_close_gates_of_ended_scan() RETURNS trigger AS $$
BEGIN
  UPDATE scan_gates SET status = 'closed', decided_at = now(), decided_by_label = 'system'
  WHERE scan_id = NEW.id AND status = 'open';
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER scans_ended_close_gates AFTER UPDATE OF status ON scans
  FOR EACH ROW WHEN (NEW.status IN ('completed', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION vega_close_gates_of_ended_scan();
