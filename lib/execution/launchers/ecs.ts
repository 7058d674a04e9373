import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClientConfig,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import type { Logger } from 'pino';
import type { Scan } from '../../db/schema';
import { issueScanToken } from '../../auth/scan-token';
import type { EcsSettings } from './ecs-settings';
import { outcomeOfExitCode, type Launcher, type RunHandle } from './launcher';

export interface EcsHandle extends RunHandle {
  taskArn: string;
  /** Ends the watch of a task that will not stop, so the worker frees its slot. */
  abandon: AbortController;
}

// Fargate's longest stopTimeout is 120 s: a task not STOPPED well after that is stuck.
const DEFAULT_STOP_WAIT_MS = 180_000;

// ECS is eventually consistent: a task just started may briefly be reported
// MISSING. Only this many MISSING answers in a row mean it is really gone
// (ECS also forgets stopped tasks after about an hour).
const MISSING_POLLS = 3;

/**
 * `VEGA_SCAN_WORKER_EXECUTION_MODE=ecs`: each scan runs in its own ECS task
 * (the runner image, `vega runner`). The task learns its scan, the API's
 * address and a scan-scoped token from container overrides; it gets no
 * database credentials. The worker watches the task with DescribeTasks and
 * stops it with StopTask, which sends SIGTERM and, after the container's
 * stopTimeout, SIGKILL.
 */
export function ecsLauncher(o: {
  settings: EcsSettings;
  apiUrl: string;
  tokenTtlSeconds: number;
  log: Logger;
  /** Extra client settings (credentials for an emulator); by default the SDK's provider chain, i.e. the worker's task role. */
  clientConfig?: ECSClientConfig;
  /** How long after StopTask a task may take to reach STOPPED before the worker gives up on it. */
  stopWaitMs?: number;
}): Launcher<EcsHandle> {
  const s = o.settings;
  const client = new ECSClient({ region: s.region, ...(s.endpoint ? { endpoint: s.endpoint } : {}), ...o.clientConfig });

  function runTaskInput(scan: Scan): RunTaskCommandInput {
    return {
      cluster: s.cluster,
      taskDefinition: s.taskDefinition,
      count: 1,
      startedBy: scan.id,
      // A retried RunTask (the SDK retries on network errors) returns the same
      // task instead of starting a second runner for the same attempt.
      clientToken: `${scan.id}:${scan.attempt}`,
      ...(s.launchType ? { launchType: s.launchType } : {}),
      ...(s.capacityProvider ? { capacityProviderStrategy: [{ capacityProvider: s.capacityProvider, weight: 1 }] } : {}),
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: s.subnets,
          ...(s.securityGroups.length > 0 ? { securityGroups: s.securityGroups } : {}),
          assignPublicIp: s.assignPublicIp ? 'ENABLED' : 'DISABLED',
        },
      },
      overrides: {
        containerOverrides: [
          {
            name: s.containerName,
            environment: [
              { name: 'VEGA_SCAN_ID', value: scan.id },
              { name: 'VEGA_API_URL', value: o.apiUrl },
              { name: 'VEGA_SCAN_TOKEN', value: issueScanToken(scan.id, scan.attempt, o.tokenTtlSeconds) },
            ],
          },
        ],
      },
    };
  }

  function outcomeOf(task: Task): string {
    const container = task.containers?.find((c) => c.name === s.containerName);
    if (typeof container?.exitCode === 'number') return outcomeOfExitCode(container.exitCode);
    // Never ran (image pull failed, no capacity, stopped while pending): the lease lapses and the scan is re-queued.
    return `stopped without an exit code (${[task.stopCode, task.stoppedReason ?? container?.reason].filter(Boolean).join(': ')})`;
  }

  async function watch(taskArn: string, log: Logger, abandon: AbortSignal): Promise<string> {
    let missing = 0;
    for (;;) {
      try {
        await sleep(s.pollMs, undefined, { signal: abandon });
      } catch {
        return `abandoned (${String(abandon.reason)})`;
      }
      try {
        const res = await client.send(new DescribeTasksCommand({ cluster: s.cluster, tasks: [taskArn] }));
        const task = res.tasks?.[0];
        if (task?.lastStatus === 'STOPPED') return outcomeOf(task);
        missing = task ? 0 : missing + 1;
        if (missing >= MISSING_POLLS) return 'lost (task missing)';
      } catch (err) {
        // The runner does not need the ECS API: keep watching through an outage.
        log.warn({ err }, 'DescribeTasks failed; retrying');
      }
    }
  }

  return {
    async start(scan: Scan) {
      const res = await client.send(new RunTaskCommand(runTaskInput(scan)));
      const taskArn = res.tasks?.[0]?.taskArn;
      if (!taskArn) {
        const why = (res.failures ?? []).map((f) => `${f.reason ?? 'unknown'}${f.detail ? ` (${f.detail})` : ''}`).join('; ');
        throw new Error(`RunTask started no task: ${why || 'no reason given'}`);
      }
      const log = o.log.child({ scan_id: scan.id, attempt: scan.attempt, task_arn: taskArn });
      log.info('runner task started');
      const abandon = new AbortController();
      return { taskArn, abandon, done: watch(taskArn, log, abandon.signal) };
    },
    async stop(handle, reason) {
      o.log.info({ task_arn: handle.taskArn, reason }, 'stopping runner task');
      try {
        await client.send(new StopTaskCommand({ cluster: s.cluster, task: handle.taskArn, reason: reason.slice(0, 255) }));
      } catch (err) {
        // Not fatal: the runner also learns of a cancel or a lost attempt from its next batch reply.
        o.log.error({ err, task_arn: handle.taskArn }, 'StopTask failed');
        return;
      }
      const waitMs = o.stopWaitMs ?? DEFAULT_STOP_WAIT_MS;
      const timer = setTimeout(() => {
        // Its lease lapses once the worker lets go; a runner that later wakes is fenced off.
        o.log.error({ task_arn: handle.taskArn, wait_ms: waitMs }, 'runner task did not stop after StopTask; abandoning it (check the cluster)');
        handle.abandon.abort(`did not stop within ${Math.round(waitMs / 1000)}s of StopTask`);
      }, waitMs);
      await handle.done;
      clearTimeout(timer);
    },
  };
}
