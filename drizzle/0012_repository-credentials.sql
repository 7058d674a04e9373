CREATE TABLE "repository_credentials" (
	"repository_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"username" text,
	"sealed" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "repository_credentials" ADD CONSTRAINT "repository_credentials_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_credentials" ADD CONSTRAINT "repository_credentials_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;