import type { Sql } from '../db/client';
import type { Principal } from '../auth/principal';
import { toGate, type GateRow } from './model';
import type { Actor } from './decide';

export async function gatesOfScan(sql: Sql, scanId: string) {
  const rows = await sql<GateRow[]>`select * from scan_gates where scan_id = ${scanId} order by opened_at, id`;
  return rows.map(toGate);
}

export async function gateOfScan(sql: Sql, scanId: string, gateId: string) {
  const [row] = await sql<GateRow[]>`select * from scan_gates where scan_id = ${scanId} and id = ${gateId}`;
  return row ? toGate(row) : undefined;
}

/** Who decides, as the record keeps it: a user's email, or the API token's name. */
export async function actorOf(sql: Sql, principal: Principal): Promise<Actor> {
  if (principal.kind === 'user') return { userId: principal.user.id, label: principal.user.email };
  const [t] = await sql<{ name: string }[]>`select name from api_tokens where id = ${principal.tokenId}`;
  return { userId: null, label: `token "${t?.name ?? principal.tokenId}"` };
}

export interface WaitingScan {
  scan_id: string;
  repository_id: string;
  repository_name: string;
  team_slug: string;
  gate_id: string;
  gate_kind: string;
  reason: string;
  opened_at: Date;
  expires_at: Date;
}

/** Scans paused at an open gate, oldest first (the admin page's "waiting for input"). */
export async function scansWaitingForInput(sql: Sql, limit = 100): Promise<WaitingScan[]> {
  return sql<WaitingScan[]>`
    select s.id as scan_id, r.id as repository_id, r.name as repository_name, t.slug as team_slug,
           g.id as gate_id, g.kind::text as gate_kind, g.reason, g.opened_at, g.expires_at
    from scan_gates g join scans s on s.id = g.scan_id join repositories r on r.id = s.repository_id join teams t on t.id = s.team_id
    where g.status = 'open' and s.status in ('claimed', 'running', 'needs_input')
    order by g.opened_at limit ${limit}`;
}
