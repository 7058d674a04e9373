import Link from 'next/link';
import { hasRole } from '@/lib/auth/principal';
import { serializeScan } from '@/lib/scans/serialize';
import { pageScan, requireUser } from '@/lib/web/session';
import { scanUsage } from '@/lib/llm/usage-queries';
import { LlmUsagePanel } from '../../../../../_components/llm-usage-panel';
import { LiveScan } from './live-scan';
import { ScanDiff } from './scan-diff';
import { BranchDiff } from './branch-diff';
import { GateHistory } from '../../../../../_components/gate-history';
import { gatesOfScan } from '@/lib/gates/queries';
import { defaultRefOf } from '@/lib/revisions/serialize';
import { isTerminal } from '@/lib/db/statuses';
import { RevisionLabel } from '../../../../../_components/revision-label';

export const dynamic = 'force-dynamic';

export default async function ScanPage({ params }: { params: Promise<{ id: string; scanId: string }> }) {
  const { id, scanId } = await params;
  const user = await requireUser();
  const { repo, scan } = await pageScan(user, { id, scanId });
  const [usage, gates] = await Promise.all([scanUsage(scan.id), gatesOfScan(scan.id)]);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/repositories/${repo.id}`} className="hover:underline">
            {repo.name}
          </Link>{' '}
          / scan
        </p>
        <h1 className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xl font-semibold">
          <RevisionLabel refName={scan.ref ?? defaultRefOf(repo)} commitSha={scan.commitSha} pending={scan.snapshotId === null && !isTerminal(scan.status)} />
          <span className="font-mono text-sm font-normal break-all text-slate-500">{scan.id}</span>
        </h1>
      </div>
      {scan.branch && <BranchDiff scan={scan} defaultRef={defaultRefOf(repo)} />}
      <LiveScan
        repositoryId={repo.id}
        initial={serializeScan(scan)}
        canCancel={hasRole(user, repo.teamId, 'member')}
        canDecide={hasRole(user, repo.teamId, 'owner')}
      />
      {gates.some((g) => g.status !== 'open') && <GateHistory gates={gates.filter((g) => g.status !== 'open')} />}
      {(scan.engine === 'codex' || usage.requests > 0) && <LlmUsagePanel usage={usage} />}
      {scan.status === 'completed' && !scan.branch && <ScanDiff scan={scan} />}
    </div>
  );
}
