CREATE TYPE "public"."scan_finding_change" AS ENUM('new', 'seen', 'reopened', 'fixed');--> statement-breakpoint
CREATE TABLE "scan_components" (
	"scan_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"component_id" text NOT NULL,
	"audited" boolean DEFAULT true NOT NULL,
	"files" text[] NOT NULL,
	CONSTRAINT "scan_components_scan_id_attempt_component_id_pk" PRIMARY KEY("scan_id","attempt","component_id")
);
--> statement-breakpoint
CREATE TABLE "scan_findings" (
	"scan_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"change" "scan_finding_change" NOT NULL,
	CONSTRAINT "scan_findings_scan_id_finding_id_pk" PRIMARY KEY("scan_id","finding_id")
);
--> statement-breakpoint
CREATE TABLE "threat_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"description" text NOT NULL,
	"trust_boundaries" jsonb NOT NULL,
	"weakness_classes" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "fixed_scan_id" uuid;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "tool" text DEFAULT 'vega' NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "threat_profile_version" integer;--> statement-breakpoint
ALTER TABLE "scan_components" ADD CONSTRAINT "scan_components_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_findings" ADD CONSTRAINT "scan_findings_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_findings" ADD CONSTRAINT "scan_findings_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_profiles" ADD CONSTRAINT "threat_profiles_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_profiles" ADD CONSTRAINT "threat_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scan_findings_finding_idx" ON "scan_findings" USING btree ("finding_id");--> statement-breakpoint
CREATE UNIQUE INDEX "threat_profiles_version_idx" ON "threat_profiles" USING btree ("repository_id","version");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_fixed_scan_id_scans_id_fk" FOREIGN KEY ("fixed_scan_id") REFERENCES "public"."scans"("id") ON DELETE set null ON UPDATE no action;