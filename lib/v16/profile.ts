import type { ThreatProfile } from './types';

/** What a repository gets until its team writes its own threat profile. */
export const DEFAULT_THREAT_PROFILE: ThreatProfile = {
  description: 'A web application reachable from the internet, handling user accounts and their data.',
  trustBoundaries: [
    'HTTP requests from users (query, body, headers, cookies) are untrusted',
    'the database and the file system are trusted stores that untrusted data must not steer',
    'secrets belong in the environment or a secret store, never in the code',
  ],
  weaknessClasses: [],
  kind: 'auto',
  version: 1,
};
