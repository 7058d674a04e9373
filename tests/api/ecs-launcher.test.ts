import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../lib/db/client';
import { getSql } from '../support/sql';
import { scans, type Scan } from '../../lib/db/schema';
import { ecsLauncher } from '../../lib/execution/launchers/ecs';
import { failAttempt } from '../../lib/execution/recovery';
import type { EcsSettings } from '../../lib/execution/launchers/ecs-settings';
import { baseUrl, createGitRepository, createLargeRepository, newTeam, storageEnv, waitForScan } from '../support/api';
import { startEcsEmulator, type EcsEmulator } from '../support/ecs-emulator';

let token: string;
let emulator: EcsEmulator;
let launcher: ReturnType<typeof ecsLauncher>;

/** A scan claimed by "a worker" (this test), so the web's own executor leaves it alone. */
async function claimedScan(repoId: string): Promise<Scan> {
  const [row] = await getSql()<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at)
    select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', now()
    from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repoId}
    returning id`;
  const [scan] = await getDb().select().from(scans).where(eq(scans.id, row.id));
  return scan;
}

const runTasksOf = (scanId: string) => emulator.calls.filter((c) => c.op === 'RunTask' && c.body.startedBy === scanId);

beforeAll(async () => {
  ({ token } = await newTeam());
  const settings: EcsSettings = {
    cluster: 'vega-test',
    taskDefinition: 'vega-runner:1',
    containerName: 'runner',
    launchType: 'FARGATE',
    subnets: ['subnet-aaa', 'subnet-bbb'],
    securityGroups: ['sg-runner'],
    assignPublicIp: false,
    region: 'us-east-1',
    pollMs: 200,
  };
  emulator = await startEcsEmulator({
    cluster: settings.cluster,
    containerName: settings.containerName,
    baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME, VEGA_DATA_DIR: process.env.VEGA_DATA_DIR, ...storageEnv(), VEGA_LOG_LEVEL: 'warn' },
    stopTimeoutMs: 10_000,
  });
  launcher = ecsLauncher({
    settings: { ...settings, endpoint: emulator.endpoint },
    apiUrl: baseUrl(),
    tokenTtlSeconds: 300,
    log: pino({ level: 'silent' }),
    // The real SDK client, signing with dummy credentials the emulator does not check.
    clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe('ECS launcher (against the ECS emulator)', () => {
  it('runs a scan in an ECS task: RunTask with the scan-scoped overrides, watched until STOPPED', async () => {
    const repoId = (await createGitRepository({ token })).id;
    const scan = await claimedScan(repoId);
    const handle = await launcher.start(scan);
    expect(handle.taskArn).toMatch(/^arn:aws:ecs:us-east-1:\d+:task\/vega-test\//);
    const outcome = await handle.done;
    expect(outcome, emulator.tasks.get(handle.taskArn)?.output).toBe('completed');
    const done = await waitForScan({ token }, repoId, scan.id);
    expect(done.status).toBe('completed');
    expect(done.findings_count).toBeGreaterThan(5);

    const [run] = runTasksOf(scan.id);
    expect(run.body).toMatchObject({
      cluster: 'vega-test',
      taskDefinition: 'vega-runner:1',
      count: 1,
      startedBy: scan.id,
      clientToken: `${scan.id}:1`,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaa', 'subnet-bbb'], securityGroups: ['sg-runner'], assignPublicIp: 'DISABLED' } },
    });
    const [override] = run.body.overrides.containerOverrides;
    expect(override.name).toBe('runner');
    const env = Object.fromEntries(override.environment.map((v: { name: string; value: string }) => [v.name, v.value]));
    expect(Object.keys(env).sort()).toEqual(['VEGA_API_URL', 'VEGA_SCAN_ID', 'VEGA_SCAN_TOKEN']);
    expect(env).toMatchObject({ VEGA_SCAN_ID: scan.id, VEGA_API_URL: baseUrl() });
    expect(env.VEGA_SCAN_TOKEN).toMatch(new RegExp(`^vst\\.${scan.id}\\.1\\.`));
    expect(emulator.calls.some((c) => c.op === 'DescribeTasks' && c.body.tasks[0] === handle.taskArn)).toBe(true);

    // Starting the same attempt again (a retried RunTask) reuses the task: no second runner.
    const again = await launcher.start(scan);
    expect(again.taskArn).toBe(handle.taskArn);
    expect(await again.done).toBe('completed');
    expect(runTasksOf(scan.id)).toHaveLength(2);
    expect([...emulator.tasks.values()].filter((t) => t.request.startedBy === scan.id)).toHaveLength(1);
  });

  it('stops a running task with StopTask: the runner exits and the scan ends cancelled', async () => {
    const repoId = (await createLargeRepository({ token })).id;
    const scan = await claimedScan(repoId);
    const handle = await launcher.start(scan);
    await waitForScan({ token }, repoId, scan.id, ['running']);
    await launcher.stop(handle, 'cancel requested');
    const outcome = await handle.done;
    const task = emulator.tasks.get(handle.taskArn)!;
    expect(outcome, task.output).toBe('cancelled');

    const stop = emulator.calls.find((c) => c.op === 'StopTask' && c.body.task === handle.taskArn);
    expect(stop?.body).toMatchObject({ cluster: 'vega-test', reason: 'cancel requested' });
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', exitCode: 2 });
    const ended = await waitForScan({ token }, repoId, scan.id);
    expect(ended.status).toBe('cancelled');
  });

  it('gives up on a task that never stops after StopTask, so the worker frees its slot', async () => {
    const repoId = (await createLargeRepository({ token })).id;
    const scan = await claimedScan(repoId);
    const impatient = ecsLauncher({
      settings: { cluster: 'vega-test', taskDefinition: 'vega-runner:1', containerName: 'runner', subnets: ['subnet-aaa'], securityGroups: [], assignPublicIp: false, region: 'us-east-1', endpoint: emulator.endpoint, pollMs: 200 },
      apiUrl: baseUrl(),
      tokenTtlSeconds: 60,
      log: pino({ level: 'silent' }),
      clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
      stopWaitMs: 1_500,
    });
    const handle = await impatient.start(scan);
    await waitForScan({ token }, repoId, scan.id, ['running']);
    const task = emulator.tasks.get(handle.taskArn)!;
    task.wedged = true;
    task.child.kill('SIGSTOP');
    try {
      const started = Date.now();
      await impatient.stop(handle, 'cancel requested');
      expect(await handle.done).toMatch(/^abandoned \(did not stop within 2s of StopTask\)/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(task).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED' });
    } finally {
      task.child.kill('SIGKILL');
      await failAttempt({ scanId: scan.id, attempt: scan.attempt, reason: 'test over' });
    }
  });

  it('reports why RunTask fails (a container name the task definition does not have)', async () => {
    const repoId = (await createGitRepository({ token })).id;
    const scan = await claimedScan(repoId);
    const wrong = ecsLauncher({
      settings: { cluster: 'vega-test', taskDefinition: 'vega-runner:1', containerName: 'app', subnets: ['subnet-aaa'], securityGroups: [], assignPublicIp: false, region: 'us-east-1', endpoint: emulator.endpoint, pollMs: 200 },
      apiUrl: baseUrl(),
      tokenTtlSeconds: 60,
      log: pino({ level: 'silent' }),
      clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 },
    });
    await expect(wrong.start(scan)).rejects.toThrow(/not a container in the TaskDefinition/);
  });
});
