import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { memberships, users } from '@/lib/db/schema';
import { listTokens } from '@/lib/tokens/tokens';
import { serializeToken } from '@/lib/tokens/serialize';
import { requireUser } from '@/lib/web/session';
import { TokenManager } from './token-manager';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Team settings' };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const user = await requireUser();
  const { team: slug } = await searchParams;
  const access = user.teams.find((t) => t.team.slug === slug) ?? user.teams[0];
  if (!access) return <p className="text-slate-600">You are not a member of any team.</p>;
  const { team, role } = access;
  const canManage = role === 'owner' || user.isAdmin;
  const [members, tokens] = await Promise.all([
    getDb()
      .select({ email: users.email, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.teamId, team.id))
      .orderBy(users.email),
    canManage ? listTokens(team.id) : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{team.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Team <span className="font-mono">{team.slug}</span> · your role: {role}
          </p>
        </div>
        {user.teams.length > 1 && (
          <form method="get" className="flex gap-2">
            <select name="team" defaultValue={team.slug} className="input w-48">
              {user.teams.map((t) => (
                <option key={t.team.id} value={t.team.slug}>
                  {t.team.name}
                </option>
              ))}
            </select>
            <button className="btn-secondary">Switch</button>
          </form>
        )}
      </div>
      <section className="card overflow-hidden">
        <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Members</h2>
        <ul className="divide-y divide-slate-100 text-sm">
          {members.map((m) => (
            <li key={m.email} className="flex justify-between px-5 py-2.5">
              <span>{m.email}</span>
              <span className="text-slate-500">{m.role}</span>
            </li>
          ))}
        </ul>
        <p className="border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
          Add members with <code className="font-mono">npx vega users create --email … --password … --team {team.slug} --role member</code>
        </p>
      </section>
      {canManage ? (
        <TokenManager team={team.slug} initial={tokens.map(serializeToken)} />
      ) : (
        <p className="card p-5 text-sm text-slate-600">Only team owners manage API tokens.</p>
      )}
    </div>
  );
}
