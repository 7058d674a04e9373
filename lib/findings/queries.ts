import { and, asc, eq, gt, ilike, inArray, or, sql as dsql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { getDb, type DbOrTx } from '../db/client';
import { findings, findingStatusEnum, findingTriage, severityEnum, users } from '../db/schema';

const csv = <T extends [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .pipe(z.array(z.enum(values)));

export const listFindingsQuerySchema = z.object({
  severity: csv(severityEnum.enumValues),
  status: csv(findingStatusEnum.enumValues),
  q: z.string().trim().max(200).optional(),
});
export type FindingFilter = z.infer<typeof listFindingsQuerySchema>;

/** Cursor over (severity, id): severities sort critical first (enum order). */
export function encodeFindingCursor(f: { severity: string; id: string }) {
  return Buffer.from(`${f.severity}|${f.id}`).toString('base64url');
}

function decodeFindingCursor(raw: string | null) {
  if (!raw) return null;
  const [severity, id] = Buffer.from(raw, 'base64url').toString().split('|');
  if (!severityEnum.enumValues.includes(severity as never) || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw new ApiError('invalid_cursor', 400, 'after is not a cursor this endpoint returned');
  }
  return { severity: severity as (typeof severityEnum.enumValues)[number], id };
}

export async function listFindings(repositoryId: string, filter: FindingFilter, page: { limit: number; after: string | null }, db: DbOrTx = getDb()) {
  const after = decodeFindingCursor(page.after);
  const search = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const conds: (SQL | undefined)[] = [
    eq(findings.repositoryId, repositoryId),
    filter.severity.length ? inArray(findings.severity, filter.severity) : undefined,
    filter.status.length ? inArray(findings.status, filter.status) : undefined,
    search ? or(ilike(findings.path, search), ilike(findings.ruleId, search), ilike(findings.title, search)) : undefined,
    after
      ? or(
          gt(findings.severity, after.severity),
          and(eq(findings.severity, after.severity), gt(findings.id, after.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(findings)
    .where(and(...conds))
    .orderBy(asc(findings.severity), asc(findings.id))
    .limit(page.limit + 1);
}

export async function getFinding(repositoryId: string, findingId: string, db: DbOrTx = getDb()) {
  const [row] = await db
    .select()
    .from(findings)
    .where(and(eq(findings.id, findingId), eq(findings.repositoryId, repositoryId)));
  return row;
}

export async function triageHistory(findingId: string, db: DbOrTx = getDb()) {
  return db
    .select({ entry: findingTriage, email: users.email })
    .from(findingTriage)
    .leftJoin(users, eq(users.id, findingTriage.userId))
    .where(eq(findingTriage.findingId, findingId))
    .orderBy(asc(findingTriage.id));
}

export async function findingCounts(repositoryId: string, db: DbOrTx = getDb()) {
  return db
    .select({ severity: findings.severity, status: findings.status, count: dsql<number>`count(*)::int` })
    .from(findings)
    .where(eq(findings.repositoryId, repositoryId))
    .groupBy(findings.severity, findings.status);
}
