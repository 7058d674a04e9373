import { and, desc, eq, sql as dsql } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { getDb, type DbOrTx } from '../db/client';
import { repositories, threatProfiles, users } from '../db/schema';
import { DEFAULT_THREAT_PROFILE } from '../v16/profile';
import type { ThreatProfile } from '../v16/types';
import type { PutThreatProfileBody } from './schema';

export interface StoredProfile {
  repositoryId: string;
  profile: ThreatProfile;
  /** Never edited: the engine's default for a web application (version 1). */
  isDefault: boolean;
  createdAt: Date | null;
  createdBy: string | null;
}

// Version 1 is the default until a team edits it; the first edit stores the
// default as version 1 and itself as version 2, so history reads the same
// whether or not anyone has edited yet.
const DEFAULT_VERSION = 1;

function defaultProfile(repositoryId: string): StoredProfile {
  return { repositoryId, profile: { ...DEFAULT_THREAT_PROFILE, version: DEFAULT_VERSION }, isDefault: true, createdAt: null, createdBy: null };
}

const columns = { row: threatProfiles, email: users.email };

function toStored(r: { row: typeof threatProfiles.$inferSelect; email: string | null }): StoredProfile {
  return {
    repositoryId: r.row.repositoryId,
    profile: { description: r.row.description, trustBoundaries: r.row.trustBoundaries, weaknessClasses: r.row.weaknessClasses, kind: r.row.kind, version: r.row.version },
    isDefault: false,
    createdAt: r.row.createdAt,
    createdBy: r.email,
  };
}

/** The profile at `version`, or the latest when none is given; undefined for a version that does not exist. */
export async function loadProfile(repositoryId: string, version?: number | null, db: DbOrTx = getDb()): Promise<StoredProfile | undefined> {
  const [row] = await db
    .select(columns)
    .from(threatProfiles)
    .leftJoin(users, eq(users.id, threatProfiles.createdBy))
    .where(and(eq(threatProfiles.repositoryId, repositoryId), version ? eq(threatProfiles.version, version) : undefined))
    .orderBy(desc(threatProfiles.version))
    .limit(1);
  if (row) return toStored(row);
  return !version || version === DEFAULT_VERSION ? defaultProfile(repositoryId) : undefined;
}

export async function listProfileVersions(repositoryId: string, db: DbOrTx = getDb()) {
  const rows = await db
    .select({ version: threatProfiles.version, createdAt: threatProfiles.createdAt, email: users.email })
    .from(threatProfiles)
    .leftJoin(users, eq(users.id, threatProfiles.createdBy))
    .where(eq(threatProfiles.repositoryId, repositoryId))
    .orderBy(desc(threatProfiles.version));
  return rows.length ? rows : [{ version: DEFAULT_VERSION, createdAt: null, email: null }];
}

/** Stores an edit as the next version. The repository row is locked, so two edits never race for one number. */
export async function saveProfile(repositoryId: string, input: PutThreatProfileBody, userId: string | null, db: DbOrTx = getDb()): Promise<StoredProfile> {
  return db.transaction(async (tx) => {
    await tx.select({ id: repositories.id }).from(repositories).where(eq(repositories.id, repositoryId)).for('update');
    const [{ latest }] = await tx
      .select({ latest: dsql<number | null>`max(${threatProfiles.version})::int` })
      .from(threatProfiles)
      .where(eq(threatProfiles.repositoryId, repositoryId));
    const current = latest ?? DEFAULT_VERSION;
    if (input.base_version !== undefined && input.base_version !== current) {
      throw new ApiError('version_conflict', 409, `the profile is at version ${current} now, not ${input.base_version}: reload and edit again`);
    }
    if (latest === null) {
      const d = DEFAULT_THREAT_PROFILE;
      await tx.insert(threatProfiles).values({
        repositoryId,
        version: DEFAULT_VERSION,
        description: d.description,
        trustBoundaries: d.trustBoundaries,
        weaknessClasses: d.weaknessClasses,
      });
    }
    await tx.insert(threatProfiles).values({
      repositoryId,
      version: current + 1,
      description: input.description,
      trustBoundaries: input.trust_boundaries,
      weaknessClasses: input.weakness_classes,
      kind: input.kind,
      createdBy: userId,
    });
    return (await loadProfile(repositoryId, current + 1, tx))!;
  });
}

/** The profile a scan was planned with (the version it recorded; the latest for scans from before versions existed). */
export async function profileForScan(scan: { repositoryId: string; threatProfileVersion: number | null }, db: DbOrTx = getDb()): Promise<ThreatProfile> {
  const stored = await loadProfile(scan.repositoryId, scan.threatProfileVersion, db);
  return (stored ?? defaultProfile(scan.repositoryId)).profile;
}
