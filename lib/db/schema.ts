import { relations, sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

// Millisecond precision: keyset cursors carry a JS Date, and a microsecond
// remainder would make rows in the same millisecond fall between pages.
const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

export const roleEnum = pgEnum('team_role', ['owner', 'member', 'viewer']);
export const scanStatusEnum = pgEnum('scan_status', [
  'queued',
  'claimed',
  'running',
  'needs_input',
  'completed',
  'failed',
  'cancelled',
]);
export const severityEnum = pgEnum('severity', ['critical', 'high', 'medium', 'low', 'info']);
export const findingStatusEnum = pgEnum('finding_status', [
  'open',
  'confirmed',
  'false_positive',
  'accepted_risk',
  'fixed',
]);
export const sourceTypeEnum = pgEnum('source_type', ['upload', 'git', 'local']);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name'),
  passwordHash: text('password_hash').notNull(),
  isAdmin: boolean('is_admin').notNull().default(false),
  createdAt: createdAt(),
});

export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum('role').notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** sha256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters, so a user can tell tokens apart in the settings page. */
    prefix: text('prefix').notNull(),
    /** Role the token acts with inside its team. */
    role: roleEnum('role').notNull().default('member'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_team_idx').on(t.teamId)],
);

export const repositories = pgTable(
  'repositories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sourceType: sourceTypeEnum('source_type').notNull(),
    /** git URL (credentials stripped), local path, or the uploaded file name. */
    sourceLocation: text('source_location').notNull(),
    sourceRef: text('source_ref'),
    /**
     * The branch whose scans own finding state (issue 11). Git: the branch
     * given at registration, else the remote's default branch (null until
     * known: the next scan records it). Uploads and directories: the ref of
     * the first revision that names one, else null, which reads as "main".
     */
    defaultRef: text('default_ref'),
    /** Issue 5: scans stop after planning at a plan-review gate until a team owner decides. */
    planReview: boolean('plan_review').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('repositories_team_idx').on(t.teamId, t.createdAt)],
);

/**
 * A repository's credential for its git remote (issue 11): write-only.
 * `sealed` is AES-256-GCM under a key that is never in the database
 * (lib/secrets/box.ts); the API shows only that it is set and when it was
 * last used.
 */
export const repositoryCredentials = pgTable('repository_credentials', {
  repositoryId: uuid('repository_id')
    .primaryKey()
    .references(() => repositories.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  username: text('username'),
  sealed: text('sealed').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

export const snapshots = pgTable(
  'snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sourceBytes: bigint('source_bytes', { mode: 'number' }).notNull(),
    fileCount: integer('file_count').notNull(),
    commitSha: text('commit_sha'),
    /** The branch or tag the revision was taken from, when known. */
    ref: text('ref'),
    createdAt: createdAt(),
  },
  (t) => [index('snapshots_repository_idx').on(t.repositoryId, t.createdAt), index('snapshots_commit_idx').on(t.repositoryId, t.commitSha)],
);

export const scans = pgTable(
  'scans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    // Denormalized so every team-scoped query is one index lookup.
    teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    /**
     * The revision scanned. Null until the runner's snapshot step resolves a
     * git ref or re-reads a directory (lib/revisions/attach.ts); then fixed,
     * so every later attempt scans the same code.
     */
    snapshotId: uuid('snapshot_id').references(() => snapshots.id, { onDelete: 'cascade' }),
    /** The ref asked for (a branch, tag or commit), or the repository's default ref. */
    ref: text('ref'),
    /** The commit scanned, once known. */
    commitSha: text('commit_sha'),
    /**
     * A branch scan (issue 11): a scan of a ref other than the default
     * branch. Its findings are its own (branch_findings), reported as new or
     * existing against base_scan_id; it never touches the default branch's
     * finding state.
     */
    branch: boolean('branch').notNull().default(false),
    baseScanId: uuid('base_scan_id').references((): AnyPgColumn => scans.id, { onDelete: 'set null' }),
    status: scanStatusEnum('status').notNull().default('queued'),
    engine: text('engine').notNull().default('builtin'),
    /** Fencing token: incremented by every claim; writes carry it. */
    attempt: integer('attempt').notNull().default(0),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    cancelRequestedBy: uuid('cancel_requested_by').references(() => users.id, { onDelete: 'set null' }),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    findingsCount: integer('findings_count').notNull().default(0),
    /** The last event batch this attempt delivered: a retried batch is acknowledged, not stored twice. */
    batchSeq: integer('batch_seq').notNull().default(0),
    /** Issue 4 (B): the repository's threat-profile version this scan was planned with. */
    threatProfileVersion: integer('threat_profile_version'),
    /** The engine's version, from the attempt's scan_started (the envelope records it). */
    engineVersion: text('engine_version'),
    /**
     * Every change of the scan's status, oldest first, appended by
     * lib/scans/lifecycle.ts in the UPDATE that makes it: from, to, the
     * attempt after it, who made it, when.
     */
    transitions: jsonb('transitions').notNull().default([]).$type<ScanTransition[]>(),
    /** Issue 5: this scan stops at a plan-review gate (the repository's setting when it was created, or the request's). */
    planReview: boolean('plan_review').notNull().default(false),
    error: text('error'),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('scans_repository_idx').on(t.repositoryId, t.createdAt),
    index('scans_team_idx').on(t.teamId, t.createdAt),
    // Covers the claim query (status='queued' ORDER BY created_at … SKIP LOCKED).
    index('scans_queued_idx').on(t.createdAt).where(sql`status = 'queued'`),
    index('scans_active_idx').on(t.status, t.leaseExpiresAt).where(sql`status in ('claimed','running','needs_input')`),
    uniqueIndex('scans_idempotency_idx').on(t.repositoryId, t.idempotencyKey),
  ],
);

// No foreign keys on purpose: this is the hot table. Every insert happens in
// ingestBatch while it holds the scan row's lock, which already guarantees the
// scan (and its repository) exist; per-row FK checks would repeat that 2× per
// event. Deleting a repository deletes its events explicitly.
export const scanEvents = pgTable(
  'scan_events',
  {
    // Global, increasing: the SSE id and the Last-Event-ID cursor.
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scanId: uuid('scan_id').notNull(),
    repositoryId: uuid('repository_id').notNull(),
    attempt: integer('attempt').notNull(),
    kind: text('kind').notNull(),
    stepId: text('step_id'),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('scan_events_scan_idx').on(t.scanId, t.id), index('scan_events_repository_idx').on(t.repositoryId, t.id)],
);

/**
 * What a scan reports of a finding, the columns the default branch's
 * findings and a branch scan's own share (their state, status and scans,
 * is each table's).
 */
const reportedFinding = () => ({
  fingerprint: text('fingerprint').notNull(),
  ruleId: text('rule_id').notNull(),
  title: text('title').notNull(),
  severity: severityEnum('severity').notNull(),
  confidence: text('confidence').notNull().default('medium'),
  cwe: text('cwe'),
  path: text('path').notNull(),
  startLine: integer('start_line').notNull(),
  endLine: integer('end_line').notNull(),
  snippet: text('snippet').notNull().default(''),
  message: text('message').notNull().default(''),
  recommendation: text('recommendation').notNull().default(''),
  trace: jsonb('trace').notNull().default([]).$type<{ path: string; line: number; note: string }[]>(),
  /** Who reports it: "vega" (the v16 engine) or "sarif:<tool>" (an imported SARIF run). */
  tool: text('tool').notNull().default('vega'),
});

export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    /** sha256 of the file's content when last found: a rename with the same content keeps the finding. */
    fileSha256: text('file_sha256'),
    ...reportedFinding(),
    status: findingStatusEnum('status').notNull().default('open'),
    statusNote: text('status_note'),
    statusUpdatedBy: uuid('status_updated_by').references(() => users.id, { onDelete: 'set null' }),
    statusUpdatedAt: timestamp('status_updated_at', { withTimezone: true }),
    firstSeenScanId: uuid('first_seen_scan_id').references(() => scans.id, { onDelete: 'set null' }),
    lastSeenScanId: uuid('last_seen_scan_id').references(() => scans.id, { onDelete: 'set null' }),
    /** Issue 4 (B): the complete scan that no longer found it (status fixed); cleared when it reopens. */
    fixedScanId: uuid('fixed_scan_id').references(() => scans.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('findings_fingerprint_idx').on(t.repositoryId, t.fingerprint),
    index('findings_repository_idx').on(t.repositoryId, t.severity, t.status),
  ],
);

/** Every triage decision, kept: who changed a finding's status, when, why. */
export const findingTriage = pgTable(
  'finding_triage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    fromStatus: findingStatusEnum('from_status').notNull(),
    toStatus: findingStatusEnum('to_status').notNull(),
    note: text('note'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('finding_triage_finding_idx').on(t.findingId, t.id)],
);

// ---- Issue 4, part B: threat profiles and findings across scans ----------

/** Every edit of a repository's threat profile is a new version; old versions are kept. */
export const threatProfiles = pgTable(
  'threat_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    description: text('description').notNull(),
    trustBoundaries: jsonb('trust_boundaries').notNull().$type<string[]>(),
    /** "CWE-89", …; empty = every class. */
    weaknessClasses: jsonb('weakness_classes').notNull().$type<string[]>(),
    /** What the software is (lib/v16/app-kind.ts): auto (inferred from its manifests), web, library, cli, serverless. */
    kind: text('kind').notNull().default('auto').$type<'auto' | 'web' | 'library' | 'cli' | 'serverless'>(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('threat_profiles_version_idx').on(t.repositoryId, t.version)],
);

/** The files each planned component of a scan attempt covers: what "covered" means when findings are marked fixed. */
export const scanComponents = pgTable(
  'scan_components',
  {
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    componentId: text('component_id').notNull(),
    /** false for the one row listing what the plan saw but did not scan ("dir/" = a whole directory). */
    audited: boolean('audited').notNull().default(true),
    files: text('files').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scanId, t.attempt, t.componentId] })],
);

export const stepKindEnum = pgEnum('step_kind', ['plan', 'audit']);
export const stepOutcomeEnum = pgEnum('step_outcome', ['ok', 'failed', 'refused', 'budget_exhausted', 'partial']);

/**
 * Each step of a scan attempt (the plan, one audit per component) as its
 * step events left it: what coverage (markFixed) and the evidence envelope
 * need, in typed columns, written by ingest in the batch's transaction.
 */
export const scanSteps = pgTable(
  'scan_steps',
  {
    /** Insertion order: the order the steps began in (the envelope lists them so). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    stepId: text('step_id').notNull(),
    kind: stepKindEnum('kind').notNull(),
    component: text('component'),
    /** The engine's timestamps of step_started and step_finished. */
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    exitCode: integer('exit_code'),
    /** Audit steps: how the step ended; null = ok. Anything else leaves the component's coverage partial. */
    outcome: stepOutcomeEnum('outcome'),
    findings: integer('findings'),
    durationMs: integer('duration_ms'),
    usage: jsonb('usage').$type<{ inputTokens: number; outputTokens: number }>(),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.scanId, t.attempt, t.stepId] })],
);



export const scanFindingChangeEnum = pgEnum('scan_finding_change', ['new', 'seen', 'reopened', 'fixed']);

/** What each scan did to each finding: found it (new, seen again, reopened) or fixed it. Scan diffs read this. */
export const scanFindings = pgTable(
  'scan_findings',
  {
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    change: scanFindingChangeEnum('change').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scanId, t.findingId] }), index('scan_findings_finding_idx').on(t.findingId)],
);

// ---- end of issue 4, part B --------------------------------------------

/**
 * What a branch scan found (issue 11): its own copy of each finding, by
 * fingerprint, so the default branch's findings (status, first and last
 * seen, triage) are never touched by a scan of another ref. New or existing
 * is read against the scan's base (lib/findings/branch.ts).
 */
export const branchFindings = pgTable(
  'branch_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    ...reportedFinding(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('branch_findings_scan_idx').on(t.scanId, t.fingerprint)],
);

// ── LLM proxy: budgets and usage (docs/codex-backend.md) ───────────────────
// Money is kept in micro-dollars (bigint): a token priced in USD per million
// tokens costs exactly that many micro-dollars, and sums stay exact.

/** A repository's override of the default per-scan budget; null = the default. */
export const llmBudgets = pgTable('llm_budgets', {
  repositoryId: uuid('repository_id')
    .primaryKey()
    .references(() => repositories.id, { onDelete: 'cascade' }),
  maxTokens: bigint('max_tokens', { mode: 'number' }),
  maxUsdMicros: bigint('max_usd_micros', { mode: 'number' }),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One scan's ledger: its limits (fixed at its first LLM call), what is
 * reserved by requests in flight and what was used. Reservations are one
 * conditional UPDATE on this row, so parallel requests cannot overspend.
 */
export const llmScanBudgets = pgTable('llm_scan_budgets', {
  scanId: uuid('scan_id')
    .primaryKey()
    .references(() => scans.id, { onDelete: 'cascade' }),
  maxTokens: bigint('max_tokens', { mode: 'number' }).notNull(),
  maxUsdMicros: bigint('max_usd_micros', { mode: 'number' }).notNull(),
  reservedTokens: bigint('reserved_tokens', { mode: 'number' }).notNull().default(0),
  reservedUsdMicros: bigint('reserved_usd_micros', { mode: 'number' }).notNull().default(0),
  usedTokens: bigint('used_tokens', { mode: 'number' }).notNull().default(0),
  usedUsdMicros: bigint('used_usd_micros', { mode: 'number' }).notNull().default(0),
  /** Requests refused because the budget could not cover them. */
  refusedRequests: integer('refused_requests').notNull().default(0),
  createdAt: createdAt(),
});

/** One proxied request: what it reserved, then what it really used. */
export const llmUsage = pgTable(
  'llm_usage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    /** The X-Vega-Component header: the engine component the call was for. */
    component: text('component'),
    endpoint: text('endpoint').notNull(),
    model: text('model'),
    /** pending → ok | refused (the provider declined) | error. */
    status: text('status').notNull().default('pending'),
    httpStatus: integer('http_status'),
    streamed: boolean('streamed').notNull().default(false),
    reservedTokens: bigint('reserved_tokens', { mode: 'number' }).notNull(),
    reservedUsdMicros: bigint('reserved_usd_micros', { mode: 'number' }).notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
    usdMicros: bigint('usd_micros', { mode: 'number' }).notNull().default(0),
    /** The upstream reported no usage: the reservation was charged instead. */
    usageEstimated: boolean('usage_estimated').notNull().default(false),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('llm_usage_scan_idx').on(t.scanId, t.component)],
);
// ── end of LLM proxy tables ───────────────────────────────────────────────────

export const teamsRelations = relations(teams, ({ many }) => ({
  memberships: many(memberships),
  repositories: many(repositories),
}));
export const membershipsRelations = relations(memberships, ({ one }) => ({
  team: one(teams, { fields: [memberships.teamId], references: [teams.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
export type Repository = typeof repositories.$inferSelect;
export type Snapshot = typeof snapshots.$inferSelect;
export type Scan = typeof scans.$inferSelect;
export type ScanStatus = (typeof scanStatusEnum.enumValues)[number];

/** One entry of scans.transitions. */
export interface ScanTransition {
  from: ScanStatus;
  to: ScanStatus;
  attempt: number;
  /** A worker's id, "runner", a person (email, token "name"), or "system" (recovery, deadlines, timeouts). */
  by: string;
  at: string;
}
export type ScanEvent = typeof scanEvents.$inferSelect;
export type Finding = typeof findings.$inferSelect;
export type BranchFinding = typeof branchFindings.$inferSelect;
export type LlmScanBudget = typeof llmScanBudgets.$inferSelect;
export type LlmUsage = typeof llmUsage.$inferSelect;
export type FindingStatus = (typeof findingStatusEnum.enumValues)[number];
export type ThreatProfileRow = typeof threatProfiles.$inferSelect;
export type ScanFindingChange = (typeof scanFindingChangeEnum.enumValues)[number];

// ---- Issue 5: evidence envelopes -----------------------------------------

/**
 * One row per finished scan once the sealer has run: the sealed envelope as
 * the exact JSON text that was hashed and signed (text, not jsonb, so the
 * stored record is byte for byte what was sealed), or why sealing failed.
 */
export const evidence = pgTable('evidence', {
  scanId: uuid('scan_id')
    .primaryKey()
    .references(() => scans.id, { onDelete: 'cascade' }),
  evidenceId: uuid('evidence_id').notNull().unique().defaultRandom(),
  /** null while sealing has only failed. */
  envelopeJson: text('envelope_json'),
  head: text('head'),
  signed: boolean('signed').notNull().default(false),
  /** Why the last sealing attempt failed ("UI shows success but no envelope" must be diagnosable). */
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  sealedAt: timestamp('sealed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type EvidenceRow = typeof evidence.$inferSelect;

// ---- Issue 5: gates (needs_input) -----------------------------------------

export const gateKindEnum = pgEnum('gate_kind', ['plan_review', 'budget']);
/** open → decided (a person) | timed_out (the safe default) | closed (the scan ended first). */
export const gateStatusEnum = pgEnum('gate_status', ['open', 'decided', 'timed_out', 'closed']);

/**
 * A point where a running scan waits for a person. The row is the truth: a
 * runner polls it, a new attempt after a crash finds it by (scan, key) and
 * reuses the decision instead of asking again.
 */
export const scanGates = pgTable(
  'scan_gates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    repositoryId: uuid('repository_id')
      .notNull()
      .references(() => repositories.id, { onDelete: 'cascade' }),
    /** Identifies the gate across attempts: "plan_review", "budget:<limits in force>". */
    key: text('key').notNull(),
    kind: gateKindEnum('kind').notNull(),
    reason: text('reason').notNull(),
    /** What the person decides on: the plan and its estimate, or the budget's state. */
    details: jsonb('details').notNull().$type<Record<string, unknown>>(),
    status: gateStatusEnum('status').notNull().default('open'),
    openedAttempt: integer('opened_attempt').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    /** approve | abort (plan review); increase | finish (budget). */
    decision: text('decision'),
    decisionDetail: jsonb('decision_detail').$type<Record<string, unknown>>(),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    /** Who decided, as recorded for good: a user's email, "token <name>", or "system" for a timeout. */
    decidedByLabel: text('decided_by_label'),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('scan_gates_key_idx').on(t.scanId, t.key),
    index('scan_gates_open_idx').on(t.expiresAt).where(sql`status = 'open'`),
  ],
);

export type ScanGate = typeof scanGates.$inferSelect;
export type GateKind = (typeof gateKindEnum.enumValues)[number];
