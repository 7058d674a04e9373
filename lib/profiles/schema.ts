import { z } from 'zod';
import { APP_KINDS, type AppKind } from '../v16/types';

const cwe = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^CWE-[1-9]\d{0,4}$/, 'a weakness class is a CWE id such as "CWE-89"');

/** The engine's field names (trustBoundaries, weaknessClasses) are accepted too, so a ThreatProfile can be sent as is. */
function acceptEngineNames(body: unknown) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = body as Record<string, unknown>;
  return {
    ...b,
    trust_boundaries: b.trust_boundaries ?? b.trustBoundaries,
    weakness_classes: b.weakness_classes ?? b.weaknessClasses,
  };
}

// PUT /v1/repositories/:id/threat-profile – the whole profile; it becomes the next version.
export const putThreatProfileBodySchema = z.preprocess(
  acceptEngineNames,
  z.object({
    description: z.string().trim().min(1, 'describe the application in a sentence').max(2000),
    trust_boundaries: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
    weakness_classes: z
      .array(cwe)
      .max(200)
      .default([])
      .transform((list) => [...new Set(list)]),
    /** What the software is, which decides what the engine treats as input (docs/engine.md); auto: inferred from the repository's manifests. */
    kind: z.enum(['auto', ...APP_KINDS] as [string, ...string[]]).default('auto').transform((k) => k as AppKind | 'auto'),
    /** Optional optimistic check: the version this edit was based on (409 if another edit landed since). */
    base_version: z.number().int().positive().optional(),
  }),
);
export type PutThreatProfileBody = z.infer<typeof putThreatProfileBodySchema>;

export const getThreatProfileQuerySchema = z.object({
  version: z.coerce.number().int().positive().optional(),
});
