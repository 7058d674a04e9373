import path from 'node:path';
import { z } from 'zod';
import { priceTable, type Price } from './llm/prices';

// The one reader of process.env (web, worker, runner, CLI alike). Parsed
// lazily so `next build` does not need a runtime environment, then cached.

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const executionMode = z
  .enum(['thread', 'external', 'queue', 'sqs'])
  .transform((m) => (m === 'sqs' ? 'queue' : m));

const schema = z.object({
  // Handed to the processes Vega starts (runners, Codex), never more of the environment than that.
  PATH: z.string().optional(),
  HOME: z.string().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  VEGA_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  VEGA_EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  VEGA_DATA_DIR: z.string().default('data'),
  /**
   * Per-scan artifacts: a directory (default <VEGA_DATA_DIR>/artifacts), or
   * s3://bucket/prefix, which then also holds the snapshots (<prefix>/snapshots/).
   */
  VEGA_ARTIFACTS: z.string().optional(),
  /** Endpoint of an S3-compatible server (MinIO, s3rver); unset = AWS. */
  VEGA_S3_ENDPOINT: z.string().url().optional(),
  VEGA_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Path-style URLs (host/bucket/key); on by default when VEGA_S3_ENDPOINT is set. */
  VEGA_S3_FORCE_PATH_STYLE: bool.optional(),
  // AWS credentials are read by the SDK's own default chain; they are listed
  // here only so a worker can hand them on to the runners it starts.
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_SESSION_TOKEN: z.string().optional(),
  AWS_PROFILE: z.string().optional(),
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: z.string().optional(),
  VEGA_ALLOW_LOCAL_SOURCES: bool.optional(),
  /**
   * Comma-separated directories under which server directories may be
   * registered and read (issue 11). Default: none when DATABASE_URL is given,
   * the working directory's parent with the embedded database.
   */
  VEGA_LOCAL_SOURCE_ROOTS: z.string().optional(),
  /** The key stored credentials are encrypted with (AES-256-GCM, via HKDF); default: derived from the signing secret. */
  VEGA_SECRETS_KEY: z.string().min(16).optional(),
  /** A CA bundle git trusts for https remotes (a self-hosted forge behind an internal CA). */
  VEGA_GIT_SSL_CA_FILE: z.string().optional(),
  VEGA_SEED_DEMO: bool.optional(),
  VEGA_SCAN_EXECUTION_MODE: executionMode.default('thread'),
  VEGA_SCAN_LEASE_SECONDS: z.coerce.number().int().min(5).default(60),
  VEGA_SCAN_RUNNING_STALE_SECONDS: z.coerce.number().int().min(1).default(21600),
  /** A gate (needs_input) left open this long resolves to its safe default: abort for plan review, finish for budget. */
  VEGA_GATE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(3600),
  VEGA_SCAN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(3),
  VEGA_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  /** Largest SARIF file POST /v1/repositories/:id/sarif accepts (413 above). */
  VEGA_MAX_SARIF_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  VEGA_GIT_CLONE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Incremental analysis: scans reuse the per-file results of earlier scans of the repository (0: every file is analyzed). */
  VEGA_INCREMENTAL: bool.default(true),
  /** Wall-clock time the builtin engine may spend on one file (its analysis runs in a worker thread that is stopped past it): the file is then reported as not analyzed. */
  VEGA_ENGINE_FILE_BUDGET_MS: z.coerce.number().int().min(10).default(10_000),
  /** The heap (old generation) the builtin engine's analysis of one file may use; past it the file is reported as not analyzed. */
  VEGA_ENGINE_FILE_MEMORY_MB: z.coerce.number().int().min(32).default(1024),
  VEGA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VEGA_SCAN_WORKER_EXECUTION_MODE: z.enum(['local', 'ecs']).default('local'),
  /** Scans one worker (or the web process in thread mode) runs at once. */
  VEGA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(2),
  /** Where runners reach the API; default http://localhost:$PORT. */
  VEGA_API_URL: z.string().url().optional(),
  /** Signs scan-scoped runner tokens; defaults to NEXTAUTH_SECRET, then a local secret. */
  VEGA_RUNNER_TOKEN_SECRET: z.string().min(16).optional(),
  /** How long the worker waits for a runner to stop by itself after a cancel before killing it. */
  VEGA_RUNNER_KILL_GRACE_SECONDS: z.coerce.number().int().min(0).default(10),
  // ECS launcher (VEGA_SCAN_WORKER_EXECUTION_MODE=ecs); checked at worker start by ecsSettings().
  VEGA_ECS_CLUSTER: z.string().min(1).optional(),
  /** Family, family:revision or ARN of the runner task definition. */
  VEGA_ECS_TASK_DEFINITION: z.string().min(1).optional(),
  VEGA_ECS_CONTAINER_NAME: z.string().min(1).default('runner'),
  VEGA_ECS_LAUNCH_TYPE: z.enum(['FARGATE', 'EC2']).optional(),
  VEGA_ECS_CAPACITY_PROVIDER: z.string().min(1).optional(),
  /** Comma-separated lists. */
  VEGA_ECS_SUBNETS: z.string().optional(),
  VEGA_ECS_SECURITY_GROUPS: z.string().optional(),
  VEGA_ECS_ASSIGN_PUBLIC_IP: bool.default(false),
  /** Overrides the ECS API endpoint (an emulator, a VPC endpoint URL). */
  VEGA_ECS_ENDPOINT: z.string().url().optional(),
  VEGA_ECS_REGION: z.string().min(1).default('us-east-1'),
  VEGA_ECS_POLL_SECONDS: z.coerce.number().int().min(1).default(5),
  /** Ed25519 private key (PEM PKCS#8, or base64 of its DER) signing evidence envelope heads; unset = unsigned envelopes. */
  VEGA_EVIDENCE_SIGNING_KEY: z.string().min(1).optional(),
  // Engine backend and the LLM proxy (docs/codex-backend.md).
  /** Backend of new scans: the offline builtin engine, or the Codex CLI through the LLM proxy. */
  VEGA_ENGINE: z.enum(['builtin', 'codex']).default('builtin'),
  /** The Codex CLI (or a command with its JSON-lines contract); the backend appends -C, --output-schema, -c and "-". */
  VEGA_CODEX_COMMAND: z.string().min(1).default('codex exec --json --sandbox read-only --skip-git-repo-check --ephemeral'),
  /** Model Codex asks for (-m); unset = Codex's own default. */
  VEGA_CODEX_MODEL: z.string().min(1).optional(),
  /** One Codex run (plan, or one component's audit) is killed after this long. */
  VEGA_CODEX_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(900),
  /** The OpenAI-compatible API the proxy forwards to (with its /v1). */
  VEGA_LLM_UPSTREAM_URL: z.string().url().default('https://api.openai.com/v1'),
  VEGA_LLM_UPSTREAM_API_KEY: z.string().min(1).optional(),
  /** JSON price table override: {"model": {"input": usdPer1M, "output": usdPer1M}, "*": …}. */
  VEGA_LLM_PRICES: z.string().optional(),
  /** Default budget of one scan (repositories can override it). */
  VEGA_LLM_BUDGET_TOKENS: z.coerce.number().int().min(0).default(2_000_000),
  VEGA_LLM_BUDGET_USD: z.coerce.number().min(0).default(5),
  /** Output cap the proxy reserves (and sets) for a request that names none. */
  VEGA_LLM_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1).default(8192),
  /** Set by the launcher in a runner's environment. */
  VEGA_SCAN_ID: z.string().optional(),
  VEGA_SCAN_TOKEN: z.string().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  // Set by the launcher (scripts/serve.ts) for the processes it starts when it
  // runs the embedded Postgres itself and hands them its DATABASE_URL.
  VEGA_DATABASE_IS_EMBEDDED: bool.optional(),
});

export type Env = z.infer<typeof schema> & {
  /** DATABASE_URL was not given: the app runs its own embedded Postgres. */
  embeddedDatabase: boolean;
  allowLocalSources: boolean;
  /** Absolute directories a directory source must lie under (VEGA_LOCAL_SOURCE_ROOTS). */
  localSourceRoots: string[];
  seedDemo: boolean;
  /** The LLM price table: the defaults with VEGA_LLM_PRICES laid over them (a bad override fails at start). */
  llmPrices: Record<string, Price>;
  /**
   * How long a runner's scan and LLM tokens live: an attempt's deadline
   * (VEGA_SCAN_RUNNING_STALE_SECONDS) plus time waiting at two gates (plan
   * review, budget), which the deadline does not count.
   */
  runnerTokenTtlSeconds: number;
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let llmPrices: Record<string, Price>;
  try {
    llmPrices = priceTable(e.VEGA_LLM_PRICES);
  } catch (err) {
    throw new Error(`Invalid environment:\n  ${err instanceof Error ? err.message : err}`);
  }
  const embeddedDatabase = !e.DATABASE_URL || e.VEGA_DATABASE_IS_EMBEDDED === true;
  cached = {
    ...e,
    embeddedDatabase,
    // Local directory sources read the server's disk: safe on a developer's
    // machine (embedded database), opt-in anywhere else.
    allowLocalSources: e.VEGA_ALLOW_LOCAL_SOURCES ?? embeddedDatabase,
    localSourceRoots:
      e.VEGA_LOCAL_SOURCE_ROOTS !== undefined
        ? e.VEGA_LOCAL_SOURCE_ROOTS.split(',').map((r) => r.trim()).filter(Boolean).map((r) => path.resolve(r))
        : embeddedDatabase
          ? [path.dirname(process.cwd())]
          : [],
    // The demo team is how a new install is tried; production deploys turn it off.
    seedDemo: e.VEGA_SEED_DEMO ?? true,
    llmPrices,
    runnerTokenTtlSeconds: e.VEGA_SCAN_RUNNING_STALE_SECONDS + 2 * e.VEGA_GATE_TIMEOUT_SECONDS,
  };
  return cached;
}

/** For tests and launchers that change the environment in-process. */
export function resetEnvCache() {
  cached = undefined;
}
