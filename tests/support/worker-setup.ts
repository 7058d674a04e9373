import { inject } from 'vitest';
import { resetEnvCache } from '../../lib/env';

// Test files set up their users and teams through the service layer, against
// the same database the server uses.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.VEGA_DATA_DIR = inject('dataDir');
// …and the same store (S3): workers and runners the tests start inherit it.
Object.assign(process.env, inject('storageEnv'));
// Runner tokens the tests mint must verify on the server: same secret.
process.env.NEXTAUTH_SECRET = inject('secret');
resetEnvCache();
