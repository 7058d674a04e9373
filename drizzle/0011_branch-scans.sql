CREATE TABLE "branch_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scan_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"rule_id" text NOT NULL,
	"title" text NOT NULL,
	"severity" "severity" NOT NULL,
	"confidence" text DEFAULT 'medium' NOT NULL,
	"cwe" text,
	"path" text NOT NULL,
	"start_line" integer NOT NULL,
	"end_line" integer NOT NULL,
	"snippet" text DEFAULT '' NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"recommendation" text DEFAULT '' NOT NULL,
	"trace" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tool" text DEFAULT 'vega' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "branch" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "base_scan_id" uuid;--> statement-breakpoint
ALTER TABLE "branch_findings" ADD CONSTRAINT "branch_findings_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_findings" ADD CONSTRAINT "branch_findings_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "branch_findings_scan_idx" ON "branch_findings" USING btree ("scan_id","fingerprint");--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_base_scan_id_scans_id_fk" FOREIGN KEY ("base_scan_id") REFERENCES "public"."scans"("id") ON DELETE set null ON UPDATE no action;