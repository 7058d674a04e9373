import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { hasRole } from '@/lib/auth/principal';
import { isUuid } from '@/lib/api/route';
import { getScan } from '@/lib/scans/queries';
import { serializeScan } from '@/lib/scans/serialize';
import { pageRepository, requireUser } from '@/lib/web/session';
import { LiveScan } from './live-scan';

export const dynamic = 'force-dynamic';

export default async function ScanPage({ params }: { params: Promise<{ id: string; scanId: string }> }) {
  const { id, scanId } = await params;
  const user = await requireUser();
  const { repo } = await pageRepository(user, id);
  const scan = isUuid(scanId) ? await getScan(getDb(), repo.id, scanId) : undefined;
  if (!scan) notFound();
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
    </div>
  );
}
