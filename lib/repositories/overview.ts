import { sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { arrayParam } from '../db/rows';

export type RepositoryOverview = {
  id: string;
  name: string;
  team_id: string;
  source_type: string;
  source_location: string;
  created_at: Date;
  last_scan_id: string | null;
  last_scan_status: string | null;
  last_scan_at: Date | null;
  open_findings: number;
  critical_high: number;
};

/** The dashboard's table: each repository with its latest scan and open findings. */
export async function repositoryOverview(teamIds: string[], db: DbOrTx = getDb()): Promise<RepositoryOverview[]> {
  if (teamIds.length === 0) return [];
  const rows = await db.execute<RepositoryOverview>(sql`
    select r.id, r.name, r.team_id, r.source_type, r.source_location, r.created_at,
           s.id as last_scan_id, s.status as last_scan_status, s.created_at as last_scan_at,
           coalesce(f.open, 0)::int as open_findings, coalesce(f.critical_high, 0)::int as critical_high
    from repositories r
    left join lateral (
      select id, status, created_at from scans where repository_id = r.id order by created_at desc limit 1
    ) s on true
    left join lateral (
      select count(*) filter (where status in ('open', 'confirmed')) as open,
             count(*) filter (where status in ('open', 'confirmed') and severity in ('critical', 'high')) as critical_high
      from findings where repository_id = r.id
    ) f on true
    where r.team_id = any(${arrayParam(teamIds)}::uuid[])
    order by r.created_at desc
    limit 200`);
  return [...rows];
}
