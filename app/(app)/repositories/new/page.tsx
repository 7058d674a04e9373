import { env } from '@/lib/env';
import { requireUser } from '@/lib/web/session';
import { NewRepositoryForm } from './new-repository-form';

export const metadata = { title: 'Add repository' };
export const dynamic = 'force-dynamic';

export default async function NewRepositoryPage() {
  const user = await requireUser();
  const teams = user.teams.filter((t) => t.role !== 'viewer' || user.isAdmin).map((t) => ({ slug: t.team.slug, name: t.team.name }));
  const e = env();
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-semibold">Add a repository</h1>
      <p className="mt-1 text-sm text-slate-600">
        Vega follows the source as it changes: every scan of a git repository fetches its branch’s newest commit, every scan of a directory re-reads it, and an upload gets new versions from the repository page. Each revision scanned is kept as an immutable snapshot (a zip and its SHA-256).
      </p>
      <div className="mt-6">
        {teams.length === 0 ? (
          <p className="card p-6 text-sm text-slate-600">Viewers cannot add repositories. Ask a team owner.</p>
        ) : (
          <NewRepositoryForm teams={teams} allowLocal={user.isAdmin && e.allowLocalSources} localRoots={e.localSourceRoots} allowFileGit={e.allowLocalSources} />
        )}
      </div>
    </div>
  );
}
