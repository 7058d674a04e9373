import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type DbOrTx } from '../db/client';
import { findings, findingStatusEnum, findingTriage, type Finding } from '../db/schema';

export const patchFindingBodySchema = z
  .object({
    status: z.enum(findingStatusEnum.enumValues).optional(),
    note: z.string().trim().max(4000).optional(),
  })
  .refine((b) => b.status !== undefined || b.note !== undefined, { message: 'give a status, a note, or both' });

/** Sets a finding's triage status and note; every change is kept in finding_triage. */
export async function triageFinding(finding: Finding, input: z.infer<typeof patchFindingBodySchema>, userId: string | null, db: DbOrTx = getDb()): Promise<Finding> {
  return db.transaction(async (tx) => {
    const to = input.status ?? finding.status;
    const [updated] = await tx
      .update(findings)
      .set({
        status: to,
        statusNote: input.note ?? finding.statusNote,
        statusUpdatedBy: userId,
        statusUpdatedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(findings.id, finding.id), eq(findings.repositoryId, finding.repositoryId)))
      .returning();
    await tx.insert(findingTriage).values({ findingId: finding.id, fromStatus: finding.status, toStatus: to, note: input.note ?? null, userId });
    return updated;
  });
}
