import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { branchFindings, findings, repositories, scanComponents, scanFindings, scanGates, scans, scanSteps, snapshots, teams } from '../db/schema';
import { listArtifacts } from '../artifacts/store';
import { RUNNER_ARTIFACTS } from '../artifacts/names';
import { isTerminal } from '../scans/lifecycle';
import { digestOf } from './chain';
import { ENVELOPE_VERSION, type EnvelopeBody } from './envelope';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * Gathers what the envelope of a finished scan records, from Postgres (the
 * scan, its repository, team and snapshot; the attempt's steps; the findings
 * the scan reported; its plan's coverage) and the artifact store. Findings
 * are identified, located and digested, never copied: a finding can quote a
 * secret, the envelope must not.
 */
export async function collectEnvelope(scanId: string, evidenceId: string, sealedAt: Date, db: DbOrTx): Promise<EnvelopeBody> {
  // The scan's current attempt, for the reads that need it: they all go in one round trip.
  const attempt = sql<number>`(select ${scans.attempt} from ${scans} where ${scans.id} = ${scanId})`;
  const [[row], stepRows, onDefault, onBranch, components, gates, artifactList] = await Promise.all([
    db
      .select({ scan: scans, repository: repositories, team: { id: teams.id, slug: teams.slug }, sha256: snapshots.sha256 })
      .from(scans)
      .innerJoin(repositories, eq(repositories.id, scans.repositoryId))
      .innerJoin(teams, eq(teams.id, scans.teamId))
      .leftJoin(snapshots, eq(snapshots.id, scans.snapshotId))
      .where(eq(scans.id, scanId)),
    db.select().from(scanSteps).where(and(eq(scanSteps.scanId, scanId), eq(scanSteps.attempt, attempt))).orderBy(asc(scanSteps.seq)),
    db
      .select({
        id: findings.id,
        fingerprint: findings.fingerprint,
        rule_id: findings.ruleId,
        severity: findings.severity,
        cwe: findings.cwe,
        path: findings.path,
        start_line: findings.startLine,
        end_line: findings.endLine,
        record: sql<unknown>`to_jsonb(${findings})`,
      })
      .from(scanFindings)
      .innerJoin(findings, eq(findings.id, scanFindings.findingId))
      .where(and(eq(scanFindings.scanId, scanId), ne(scanFindings.change, 'fixed')))
      .orderBy(asc(findings.fingerprint)),
    // A branch scan's findings are its own (one of the two lists is empty).
    db
      .select({
        id: branchFindings.id,
        fingerprint: branchFindings.fingerprint,
        rule_id: branchFindings.ruleId,
        severity: branchFindings.severity,
        cwe: branchFindings.cwe,
        path: branchFindings.path,
        start_line: branchFindings.startLine,
        end_line: branchFindings.endLine,
        record: sql<unknown>`to_jsonb(${branchFindings})`,
      })
      .from(branchFindings)
      .where(eq(branchFindings.scanId, scanId))
      .orderBy(asc(branchFindings.fingerprint)),
    db
      .select({ audited: scanComponents.audited, files: scanComponents.files })
      .from(scanComponents)
      .where(and(eq(scanComponents.scanId, scanId), eq(scanComponents.attempt, attempt))),
    // Every gate, with who decided what and when (the plan shown is in the events; the decision is the record).
    db.select().from(scanGates).where(eq(scanGates.scanId, scanId)).orderBy(asc(scanGates.openedAt), asc(scanGates.id)),
    listArtifacts(scanId),
  ]);
  if (!row) throw new Error(`scan ${scanId} not found`);
  const { scan: s, repository: r } = row;
  const status = s.status;
  if (!isTerminal(status)) throw new Error(`scan ${scanId} is ${status}, not finished`);

  const steps: EnvelopeBody['execution']['steps'] = stepRows.map((st) => ({
    step_id: st.stepId,
    kind: st.kind,
    component: st.component,
    started_at: iso(st.startedAt),
    finished_at: iso(st.finishedAt),
    exit_code: st.exitCode,
    outcome: st.outcome,
    findings_count: st.kind === 'audit' && st.finishedAt ? (st.findings ?? 0) : null,
    usage: st.usage,
  }));

  const planned = components.filter((c) => c.audited);
  const audits = steps.filter((st) => st.kind === 'audit');
  const auditedOk = audits.filter((st) => st.exit_code === 0 && (st.outcome === null || st.outcome === 'ok')).length;
  const coverage: EnvelopeBody['coverage'] = {
    status: status === 'completed' && auditedOk === planned.length && planned.length > 0 ? 'complete' : auditedOk > 0 ? 'partial' : 'none',
    components_planned: planned.length,
    components_audited: auditedOk,
    files_planned: planned.reduce((n, c) => n + c.files.length, 0),
    not_scanned: components.filter((c) => !c.audited).reduce((n, c) => n + c.files.length, 0),
  };

  const artifacts = artifactList
    .filter((a) => (RUNNER_ARTIFACTS as readonly string[]).includes(a.name))
    .map((a) => ({ name: a.name, size_bytes: a.size_bytes, sha256: a.sha256 }));

  return {
    envelope_version: ENVELOPE_VERSION,
    evidence_id: evidenceId,
    sealed_at: sealedAt.toISOString(),
    identity: {
      scan_id: s.id,
      attempt: s.attempt,
      status,
      error: s.error,
      repository: { id: r.id, name: r.name },
      team: { id: row.team.id, slug: row.team.slug },
      snapshot: { sha256: row.sha256, commit_sha: s.commitSha, source: { type: r.sourceType, location: r.sourceLocation, ref: s.ref ?? r.sourceRef } },
      engine: { name: s.engine, version: s.engineVersion },
      threat_profile_version: s.threatProfileVersion,
      created_at: s.createdAt.toISOString(),
      started_at: iso(s.startedAt),
      finished_at: iso(s.finishedAt),
    },
    execution: { steps },
    gates: gates.map((g) => ({
      gate_id: g.id,
      kind: g.kind,
      status: g.status,
      reason: g.reason,
      opened_at: g.openedAt.toISOString(),
      decision:
        g.decision === null
          ? null
          : { action: g.decision, decided_by: g.decidedByLabel, decided_at: iso(g.decidedAt)!, detail: g.decisionDetail ?? null },
    })),
    findings: [...onDefault, ...onBranch].map(({ record, ...f }) => ({ ...f, digest: digestOf(record) })),
    artifacts,
    coverage,
  };
}
