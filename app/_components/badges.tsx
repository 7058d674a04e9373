import type { ScanStatus } from '@/lib/db/schema';

// Every status has its style: a new status does not build without one.
const SCAN_STYLES: Record<ScanStatus, string> = {
  queued: 'bg-slate-100 text-slate-700 ring-slate-300',
  claimed: 'bg-sky-50 text-sky-700 ring-sky-200',
  running: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  needs_input: 'bg-amber-50 text-amber-800 ring-amber-200',
  completed: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  failed: 'bg-rose-50 text-rose-700 ring-rose-200',
  cancelled: 'bg-zinc-100 text-zinc-600 ring-zinc-300',
};

const SEVERITY_STYLES: Record<string, string> = {
  critical: 'bg-rose-600 text-white ring-rose-600',
  high: 'bg-orange-500 text-white ring-orange-500',
  medium: 'bg-amber-100 text-amber-800 ring-amber-300',
  low: 'bg-sky-50 text-sky-700 ring-sky-200',
  info: 'bg-slate-100 text-slate-600 ring-slate-300',
};

const FINDING_STATUS_STYLES: Record<string, string> = {
  open: 'bg-rose-50 text-rose-700 ring-rose-200',
  confirmed: 'bg-orange-50 text-orange-700 ring-orange-200',
  false_positive: 'bg-slate-100 text-slate-600 ring-slate-300',
  accepted_risk: 'bg-violet-50 text-violet-700 ring-violet-200',
  fixed: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
};

const base = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap';

export function ScanStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="scan-status" className={`${base} ${SCAN_STYLES[status as ScanStatus] ?? SCAN_STYLES.queued}`}>
      {status.replace('_', ' ')}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`${base} ${SEVERITY_STYLES[severity] ?? SEVERITY_STYLES.info}`}>{severity}</span>;
}

export function FindingStatusBadge({ status }: { status: string }) {
  return <span className={`${base} ${FINDING_STATUS_STYLES[status] ?? FINDING_STATUS_STYLES.open}`}>{status.replace('_', ' ')}</span>;
}
