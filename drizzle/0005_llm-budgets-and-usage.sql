CREATE TABLE "llm_budgets" (
	"repository_id" uuid PRIMARY KEY NOT NULL,
	"max_tokens" bigint,
	"max_usd_micros" bigint,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_scan_budgets" (
	"scan_id" uuid PRIMARY KEY NOT NULL,
	"max_tokens" bigint NOT NULL,
	"max_usd_micros" bigint NOT NULL,
	"reserved_tokens" bigint DEFAULT 0 NOT NULL,
	"reserved_usd_micros" bigint DEFAULT 0 NOT NULL,
	"used_tokens" bigint DEFAULT 0 NOT NULL,
	"used_usd_micros" bigint DEFAULT 0 NOT NULL,
	"refused_requests" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scan_id" uuid NOT NULL,
	"component" text,
	"endpoint" text NOT NULL,
	"model" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"http_status" integer,
	"streamed" boolean DEFAULT false NOT NULL,
	"reserved_tokens" bigint NOT NULL,
	"reserved_usd_micros" bigint NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"usd_micros" bigint DEFAULT 0 NOT NULL,
	"usage_estimated" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "llm_budgets" ADD CONSTRAINT "llm_budgets_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_budgets" ADD CONSTRAINT "llm_budgets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_scan_budgets" ADD CONSTRAINT "llm_scan_budgets_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_usage" ADD CONSTRAINT "llm_usage_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "llm_usage_scan_idx" ON "llm_usage" USING btree ("scan_id","component");