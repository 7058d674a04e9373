import Link from 'next/link';
import { hasRole } from '@/lib/auth/principal';
import { serializeScan } from '@/lib/scans/serialize';
import { pageScan, requireUser } from '@/lib/web/session';
import { LiveScan } from './live-scan';
import { ScanDiff } from './scan-diff';

export const dynamic = 'force-dynamic';

export default async function ScanPage({ params }: { params: Promise<{ id: string; scanId: string }> }) {
  const { id, scanId } = await params;
  const user = await requireUser();
  const { repo, scan } = await pageScan(user, { id, scanId });
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/repositories/${repo.id}`} className="hover:underline">
            {repo.name}
          </Link>{' '}
          / scan
        </p>
        <h1 className="font-mono text-xl font-semibold">{scan.id}</h1>
      </div>
      <LiveScan
        repositoryId={repo.id}
        initial={serializeScan(scan)}
        canCancel={hasRole(user, repo.teamId, 'member')}
      />
      {scan.status === 'completed' && <ScanDiff scan={scan} />}
    </div>
  );
}
