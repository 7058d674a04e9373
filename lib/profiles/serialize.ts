import type { StoredProfile } from './store';

export function serializeProfile(p: StoredProfile, versions?: { version: number; createdAt: Date | null; email: string | null }[]) {
  return {
    repository_id: p.repositoryId,
    version: p.profile.version,
    description: p.profile.description,
    trust_boundaries: p.profile.trustBoundaries,
    weakness_classes: p.profile.weaknessClasses,
    kind: p.profile.kind ?? 'auto',
    is_default: p.isDefault,
    created_at: p.createdAt ? p.createdAt.toISOString() : null,
    created_by: p.createdBy,
    ...(versions
      ? { versions: versions.map((v) => ({ version: v.version, created_at: v.createdAt ? v.createdAt.toISOString() : null, created_by: v.email })) }
      : {}),
  };
}
