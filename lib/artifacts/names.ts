// Kept apart from the store so browser code can import it too.

/** The artifacts a scan can have, in the order users want them. Nothing else is ever served. */
export const RUNNER_ARTIFACTS = ['v16-report.json', 'runner-summary.json', 'v16-events.jsonl', 'v16-debug-bundle.zip'] as const;
/** The runner's four, then the sealed evidence envelope (written by the sealer, not the runner). */
export const ARTIFACT_NAMES = [...RUNNER_ARTIFACTS, 'evidence.json'] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];
