// The Vega command line: `npx vega <command>` (see `npx vega help`).
import { parseArgs } from 'node:util';
import type { Role } from '../lib/db/schema';

// Commands load what they need when they run: `vega scan` and the runner
// never load the database layer, so they start fast.
const ROLES: readonly Role[] = ['owner', 'member', 'viewer'];

const HELP = `usage: vega <command>

  users create --email <e> --password <p> --team <slug> [--role owner|member|viewer] [--admin]
      create a user (or update its password/role); creates the team when it does not exist
  tokens create --team <slug> --name <n> [--role owner|member|viewer]
      create a team API token; prints it once
  migrate
      apply the database migrations
  scan <dir> [--format text|json|sarif] [--output FILE] [--fail-on critical|high|medium|low]
      scan a local directory with the builtin engine (no server, no database); exits 1 when a
      finding at or above --fail-on (default high) is found, 2 on usage errors
  ci [--server URL] [--token T] [--repository ID] [--ref R] [--base-ref main] [--fail-on LEVEL]
     [--sarif FILE] [--timeout SECONDS] [--upload] [DIR]
      scan DIR on a Vega server from a pipeline (VEGA_SERVER, VEGA_TOKEN, VEGA_REPOSITORY);
      exits 1 on a new finding at or above --fail-on (default high), 0 otherwise,
      2 on usage errors, 3 when the server or the scan failed
  verify <envelope.json> [--public-key FILE]
      verify a downloaded evidence envelope offline (hash chain, head, signature); exits 0
      valid, 1 invalid (naming the first broken link)
  runner --scan <id>
      run one scan (vega-v16-runner); reads VEGA_API_URL and VEGA_SCAN_TOKEN, exits
      0 completed, 1 failed, 2 cancelled, 3 superseded by another attempt

With DATABASE_URL unset the database commands use the embedded Postgres (started if needed).`;

class UsageError extends Error {}

function role(value: string | undefined, fallback: Role): Role {
  if (value === undefined) return fallback;
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

function required(values: Record<string, unknown>, ...names: string[]) {
  for (const n of names) if (typeof values[n] !== 'string' || !values[n]) throw new UsageError(`--${n} is required`);
}

async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  const { bootstrapDatabase } = await import('../lib/execution/bootstrap');
  const { closeDb } = await import('../lib/db/client');
  const db = await bootstrapDatabase({ seed: false });
  try {
    return await fn();
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') {
    console.log(HELP);
    return 0;
  }
  if (cmd === 'scan') {
    const { scanMain, ScanUsageError } = await import('./scan');
    try {
      return await scanMain([sub, ...rest].filter((a) => a !== undefined));
    } catch (err) {
      if (err instanceof ScanUsageError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (cmd === 'ci') {
    const { ciMain, CiUsageError } = await import('./ci');
    try {
      return await ciMain([sub, ...rest].filter((a) => a !== undefined));
    } catch (err) {
      if (err instanceof CiUsageError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (cmd === 'verify') {
    const { verifyMain, VerifyUsageError } = await import('./verify');
    try {
      return await verifyMain([sub, ...rest].filter((a) => a !== undefined));
    } catch (err) {
      if (err instanceof VerifyUsageError) throw new UsageError(err.message);
      throw err;
    }
  }
  if (cmd === 'runner') {
    const { values } = parseArgs({ args: [sub, ...rest].filter((a) => a !== undefined), options: { scan: { type: 'string' } } });
    const { runnerMain } = await import('../lib/runner/main');
    return runnerMain(values.scan);
  }
  if (cmd === 'migrate') {
    await withDatabase(async () => console.log('migrations applied'));
    return 0;
  }
  if (cmd === 'users' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, password: { type: 'string' }, team: { type: 'string' }, role: { type: 'string' }, admin: { type: 'boolean' }, name: { type: 'string' } },
    });
    required(values, 'email', 'password', 'team');
    if (values.password!.length < 8) throw new UsageError('--password must be at least 8 characters');
    const { createUser } = await import('../lib/users/create-user');
    const { user, team } = await withDatabase(() =>
      createUser({
        email: values.email!,
        password: values.password!,
        teamSlug: values.team!,
        role: role(values.role, 'member'),
        admin: values.admin ? true : undefined,
        name: values.name,
      }),
    );
    console.log(`user ${user.email} (${user.id}) is ${role(values.role, 'member')} of team ${team.slug}${user.isAdmin ? ', platform admin' : ''}`);
    return 0;
  }
  if (cmd === 'tokens' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { team: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
    required(values, 'team', 'name');
    const { findTeamBySlug } = await import('../lib/users/create-user');
    const { createToken } = await import('../lib/tokens/tokens');
    const token = await withDatabase(async () => {
      const team = await findTeamBySlug(values.team!);
      if (!team) throw new UsageError(`team ${values.team} does not exist`);
      return (await createToken({ teamId: team.id, name: values.name!, role: role(values.role, 'member') })).token;
    });
    console.log(token);
    return 0;
  }
  throw new UsageError(`unknown command: ${argv.join(' ')}\n\n${HELP}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof UsageError ? err.message : `vega: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
