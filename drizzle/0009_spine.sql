CREATE TYPE "public"."step_kind" AS ENUM('plan', 'audit');--> statement-breakpoint
CREATE TYPE "public"."step_outcome" AS ENUM('ok', 'failed', 'refused', 'budget_exhausted');--> statement-breakpoint
CREATE TABLE "scan_steps" (
	"seq" bigserial NOT NULL,
	"scan_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"step_id" text NOT NULL,
	"kind" "step_kind" NOT NULL,
	"component" text,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"exit_code" integer,
	"outcome" "step_outcome",
	"findings" integer,
	"duration_ms" integer,
	"usage" jsonb,
	"error" text,
	CONSTRAINT "scan_steps_scan_id_attempt_step_id_pk" PRIMARY KEY("scan_id","attempt","step_id")
);
--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "engine_version" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "transitions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "scan_steps" ADD CONSTRAINT "scan_steps_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The engine's timestamp of an old step event, or when it was stored where
-- that is not a timestamp (runners could send any string before).
CREATE FUNCTION pg_temp.vega_event_ts(data jsonb, stored timestamptz) RETURNS timestamptz AS $$
BEGIN
  RETURN (data->>'ts')::timestamptz;
EXCEPTION WHEN others THEN
  RETURN stored;
END;
$$ LANGUAGE plpgsql STABLE;
--> statement-breakpoint
-- Steps of scans ingested before this migration, folded from their step
-- events (the log is append-only, so nothing is lost), as ingest folds them
-- from now on: the first event names the step's kind and component, the
-- latest one wins for the rest.
INSERT INTO "scan_steps" ("scan_id", "attempt", "step_id", "kind", "component", "started_at", "finished_at", "exit_code", "outcome", "findings", "duration_ms", "usage", "error")
SELECT e.scan_id, e.attempt, e.step_id,
  coalesce((array_agg(e.data->>'kind' ORDER BY e.id))[1], CASE WHEN e.step_id = 'plan' THEN 'plan' ELSE 'audit' END)::step_kind,
  (array_agg(e.data->>'component' ORDER BY e.id) FILTER (WHERE e.data ? 'component'))[1],
  (array_agg(pg_temp.vega_event_ts(e.data, e.created_at) ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_started'))[1],
  (array_agg(pg_temp.vega_event_ts(e.data, e.created_at) ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished'))[1],
  (array_agg((e.data->>'exit_code')::int ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished'))[1],
  (array_agg((e.data->>'outcome')::step_outcome ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished' AND e.data ? 'outcome'))[1],
  (array_agg((e.data->>'findings')::int ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished' AND e.data ? 'findings'))[1],
  (array_agg(round((e.data->>'duration_ms')::numeric)::int ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished'))[1],
  (array_agg(e.data->'usage' ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished' AND e.data ? 'usage'))[1],
  (array_agg(e.data->>'error' ORDER BY e.id DESC) FILTER (WHERE e.kind = 'step_finished' AND e.data ? 'error'))[1]
FROM "scan_events" e
WHERE e.kind IN ('step_started', 'step_finished') AND e.step_id IS NOT NULL
GROUP BY e.scan_id, e.attempt, e.step_id
ORDER BY min(e.id);
--> statement-breakpoint
UPDATE "scans" s SET "engine_version" = e.data->'engine'->>'version'
FROM (SELECT DISTINCT ON (scan_id, attempt) scan_id, attempt, data FROM "scan_events" WHERE kind = 'scan_started' ORDER BY scan_id, attempt, id) e
WHERE e.scan_id = s.id AND e.attempt = s.attempt;
--> statement-breakpoint
-- A finished scan's status never changes. lib/scans/lifecycle.ts, the one
-- writer of scans.status, never asks it to; this holds for any other SQL too.
CREATE FUNCTION vega_scan_terminal_is_final() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'scan % is %: a finished scan''s status never changes', OLD.id, OLD.status USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER scans_terminal_is_final BEFORE UPDATE OF status ON scans
  FOR EACH ROW WHEN (OLD.status IN ('completed', 'failed', 'cancelled') AND NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION vega_scan_terminal_is_final();
