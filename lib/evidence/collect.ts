import type { Sql } from '../db/client';
import { listArtifacts } from '../artifacts/store';
import { RUNNER_ARTIFACTS } from '../artifacts/names';
import { digestOf } from './chain';
import { ENVELOPE_VERSION, type EnvelopeBody } from './envelope';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Gathers what the envelope of a finished scan records, from Postgres (the
 * scan, its repository, team and snapshot; the attempt's step events; the
 * findings the scan reported; its plan's coverage) and the artifact store.
 * Findings are identified, located and digested, never copied: a finding can
 * quote a secret, the envelope must not.
 */
export async function collectEnvelope(sql: Sql, scanId: string, evidenceId: string, sealedAt: Date): Promise<EnvelopeBody> {
  const [s] = await sql<
    {
      id: string; attempt: number; status: 'completed' | 'failed' | 'cancelled'; error: string | null; engine: string; threat_profile_version: number | null;
      created_at: Date; started_at: Date | null; finished_at: Date | null; repository_id: string; repository_name: string; source_type: string;
      source_location: string; source_ref: string | null; team_id: string; team_slug: string; sha256: string;
    }[]
  >`
    select s.id, s.attempt, s.status, s.error, s.engine, s.threat_profile_version, s.created_at, s.started_at, s.finished_at,
           r.id as repository_id, r.name as repository_name, r.source_type, r.source_location, r.source_ref,
           t.id as team_id, t.slug as team_slug, sn.sha256
    from scans s join repositories r on r.id = s.repository_id join teams t on t.id = s.team_id join snapshots sn on sn.id = s.snapshot_id
    where s.id = ${scanId}`;
  if (!s) throw new Error(`scan ${scanId} not found`);
  if (!['completed', 'failed', 'cancelled'].includes(s.status)) throw new Error(`scan ${scanId} is ${s.status}, not finished`);

  const events = await sql<{ kind: string; step_id: string | null; data: Record<string, unknown>; created_at: Date }[]>`
    select kind, step_id, data, created_at from scan_events
    where scan_id = ${scanId} and attempt = ${s.attempt} and kind in ('scan_started', 'step_started', 'step_finished')
    order by id`;
  const engineVersion = (events.find((e) => e.kind === 'scan_started')?.data.engine as { version?: string } | undefined)?.version ?? null;
  const steps = new Map<string, EnvelopeBody['execution']['steps'][number]>();
  for (const e of events) {
    if (!e.step_id) continue;
    const d = e.data as { ts?: string; kind?: 'plan' | 'audit'; component?: string; exit_code?: number; outcome?: string; findings?: number; usage?: Record<string, unknown> };
    const at = d.ts ?? iso(e.created_at);
    const step = steps.get(e.step_id) ?? {
      step_id: e.step_id, kind: d.kind ?? (e.step_id === 'plan' ? 'plan' : 'audit'), component: d.component ?? null,
      started_at: null, finished_at: null, exit_code: null, outcome: null, findings_count: null, usage: null,
    };
    if (e.kind === 'step_started') step.started_at = at;
    if (e.kind === 'step_finished') {
      Object.assign(step, { finished_at: at, exit_code: d.exit_code ?? null, outcome: d.outcome ?? null, usage: d.usage ?? null });
      if (step.kind === 'audit') step.findings_count = d.findings ?? 0;
    }
    steps.set(e.step_id, step);
  }

  const findings = await sql<{ id: string; fingerprint: string; rule_id: string; severity: string; cwe: string | null; path: string; start_line: number; end_line: number; record: unknown }[]>`
    select f.id, f.fingerprint, f.rule_id, f.severity, f.cwe, f.path, f.start_line, f.end_line, to_jsonb(f) as record
    from scan_findings sf join findings f on f.id = sf.finding_id
    where sf.scan_id = ${scanId} and sf.change <> 'fixed'
    order by f.fingerprint`;

  const components = await sql<{ audited: boolean; files: string[] }[]>`
    select audited, files from scan_components where scan_id = ${scanId} and attempt = ${s.attempt}`;
  const planned = components.filter((c) => c.audited);
  const audits = [...steps.values()].filter((st) => st.kind === 'audit');
  const auditedOk = audits.filter((st) => st.exit_code === 0 && (st.outcome === null || st.outcome === 'ok')).length;
  const coverage: EnvelopeBody['coverage'] = {
    status: s.status === 'completed' && auditedOk === planned.length && planned.length > 0 ? 'complete' : auditedOk > 0 ? 'partial' : 'none',
    components_planned: planned.length,
    components_audited: auditedOk,
    files_planned: planned.reduce((n, c) => n + c.files.length, 0),
    not_scanned: components.filter((c) => !c.audited).reduce((n, c) => n + c.files.length, 0),
  };

  // Every gate, with who decided what and when (the plan shown is in the events; the decision is the record).
  const gates = await sql<{ id: string; kind: string; status: string; reason: string; opened_at: Date; decision: string | null; decision_detail: unknown; decided_by_label: string | null; decided_at: Date | null }[]>`
    select id, kind::text, status::text, reason, opened_at, decision, decision_detail, decided_by_label, decided_at
    from scan_gates where scan_id = ${scanId} order by opened_at, id`;

  const artifacts = (await listArtifacts(scanId))
    .filter((a) => (RUNNER_ARTIFACTS as readonly string[]).includes(a.name))
    .map((a) => ({ name: a.name, size_bytes: a.size_bytes, sha256: a.sha256 }));

  return {
    envelope_version: ENVELOPE_VERSION,
    evidence_id: evidenceId,
    sealed_at: sealedAt.toISOString(),
    identity: {
      scan_id: s.id,
      attempt: s.attempt,
      status: s.status,
      error: s.error,
      repository: { id: s.repository_id, name: s.repository_name },
      team: { id: s.team_id, slug: s.team_slug },
      snapshot: { sha256: s.sha256, source: { type: s.source_type, location: s.source_location, ref: s.source_ref } },
      engine: { name: s.engine, version: engineVersion },
      threat_profile_version: s.threat_profile_version,
      created_at: iso(s.created_at)!,
      started_at: iso(s.started_at),
      finished_at: iso(s.finished_at),
    },
    execution: { steps: [...steps.values()] },
    gates: gates.map((g) => ({
      gate_id: g.id,
      kind: g.kind,
      status: g.status,
      reason: g.reason,
      opened_at: iso(g.opened_at)!,
      decision:
        g.decision === null
          ? null
          : { action: g.decision, decided_by: g.decided_by_label, decided_at: iso(g.decided_at)!, detail: g.decision_detail ?? null },
    })),
    findings: findings.map(({ record, ...f }) => ({ ...f, digest: digestOf(record) })),
    artifacts,
    coverage,
  };
}
