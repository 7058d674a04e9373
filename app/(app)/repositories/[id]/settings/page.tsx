import Link from 'next/link';
import { hasRole } from '@/lib/auth/principal';
import { getLlmBudget } from '@/lib/llm/budget';
import { serializeProfile } from '@/lib/profiles/serialize';
import { listProfileVersions, loadProfile } from '@/lib/profiles/store';
import { pageRepository, requireUser } from '@/lib/web/session';
import { LlmBudgetCard } from './llm-budget-card';
import { PlanReviewCard } from './plan-review-card';
import { SourceCard } from './source-card';
import { credentialStatus } from '@/lib/revisions/credentials';
import { defaultRefOf } from '@/lib/revisions/serialize';
import { ThreatProfileForm, type ThreatProfileView } from './threat-profile-form';

export const dynamic = 'force-dynamic';

export default async function RepositorySettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const { repo } = await pageRepository(user, id);
  const profile = serializeProfile((await loadProfile(repo.id))!, await listProfileVersions(repo.id)) as ThreatProfileView;
  const [budget, credential] = await Promise.all([getLlmBudget(repo.id), credentialStatus(repo.id)]);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/repositories/${repo.id}`} className="hover:underline">
            {repo.name}
          </Link>{' '}
          / settings
        </p>
        <h1 className="text-2xl font-semibold">Repository settings</h1>
      </div>
      <SourceCard repositoryId={repo.id} sourceType={repo.sourceType} defaultRef={defaultRefOf(repo)} credential={credential} canEdit={hasRole(user, repo.teamId, 'owner')} />
      <ThreatProfileForm repositoryId={repo.id} profile={profile} canEdit={hasRole(user, repo.teamId, 'member')} />
      <PlanReviewCard repositoryId={repo.id} initial={repo.planReview} canEdit={hasRole(user, repo.teamId, 'owner')} />
      <LlmBudgetCard repositoryId={repo.id} initial={budget} canEdit={hasRole(user, repo.teamId, 'owner')} />
    </div>
  );
}
