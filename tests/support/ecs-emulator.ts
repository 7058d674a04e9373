import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DescribeTasksRequest, RunTaskRequest, StopTaskRequest } from '@aws-sdk/client-ecs';

// Enough of the ECS API (JSON 1.1 protocol, the one @aws-sdk/client-ecs
// speaks) for the ECS launcher's tests: RunTask, DescribeTasks, StopTask.
// Each "task" is a runner process started exactly as the runner image's
// entrypoint starts it, with the container overrides as its environment.
// Signatures are not checked.

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const ACCOUNT = '000000000000';

export interface EmulatedTask {
  taskArn: string;
  clientToken?: string;
  /** The RunTask request as received. */
  request: RunTaskRequest;
  child: ChildProcess;
  lastStatus: 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  exitCode?: number;
  stopCode?: string;
  stoppedReason?: string;
  output: string;
  /** A wedged task (a hung container, a lost agent) acknowledges StopTask and never stops. */
  wedged?: boolean;
}

export interface EcsEmulator {
  endpoint: string;
  /** Every call received, in order: the operation and its request body. */
  calls: { op: string; body: any }[];
  tasks: Map<string, EmulatedTask>;
  close(): Promise<void>;
}

class EcsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startEcsEmulator(o: {
  region?: string;
  cluster: string;
  /** The runner container's name in the (emulated) task definition. */
  containerName: string;
  /** Variables the task definition itself would set (never DATABASE_URL). */
  baseEnv: Record<string, string | undefined>;
  /** Between StopTask's SIGTERM and SIGKILL, as a container's stopTimeout. */
  stopTimeoutMs: number;
}): Promise<EcsEmulator> {
  const region = o.region ?? 'us-east-1';
  const cli = path.resolve('cli', 'main.ts');
  const calls: EcsEmulator['calls'] = [];
  const tasks = new Map<string, EmulatedTask>();
  const byToken = new Map<string, EmulatedTask>();

  const checkCluster = (cluster: string | undefined) => {
    const name = cluster?.split('/').pop();
    if (name !== o.cluster) throw new EcsError('ClusterNotFoundException', `Cluster not found: ${cluster}`);
  };

  function runTask(body: RunTaskRequest) {
    checkCluster(body.cluster);
    if (!body.taskDefinition) throw new EcsError('InvalidParameterException', 'taskDefinition is required');
    if (!body.networkConfiguration?.awsvpcConfiguration?.subnets?.length) {
      throw new EcsError('InvalidParameterException', 'Network Configuration must be provided when networkMode awsvpc is specified.');
    }
    if (body.launchType && body.capacityProviderStrategy) {
      throw new EcsError('InvalidParameterException', 'Specifying both a launch type and capacity provider strategy is not supported.');
    }
    const overrides = body.overrides?.containerOverrides ?? [];
    const unknown = overrides.find((c) => c.name !== o.containerName);
    if (unknown) throw new EcsError('InvalidParameterException', `Override for container named ${unknown.name} is not a container in the TaskDefinition.`);
    if (body.clientToken && byToken.has(body.clientToken)) return { tasks: [describe(byToken.get(body.clientToken)!)], failures: [] };

    const env: NodeJS.ProcessEnv = { ...o.baseEnv } as NodeJS.ProcessEnv;
    for (const c of overrides) for (const v of c.environment ?? []) env[v.name as string] = v.value;
    // The runner image's entrypoint: the scan id comes from VEGA_SCAN_ID.
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'runner'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const taskArn = `arn:aws:ecs:${region}:${ACCOUNT}:task/${o.cluster}/${randomBytes(16).toString('hex')}`;
    const task: EmulatedTask = { taskArn, clientToken: body.clientToken, request: body, child, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', output: '' };
    child.stdout?.on('data', (d) => (task.output += d));
    child.stderr?.on('data', (d) => (task.output += d));
    child.on('exit', (code, signal) => {
      task.lastStatus = 'STOPPED';
      task.desiredStatus = 'STOPPED';
      // As Docker reports it: 128 + the signal's number.
      task.exitCode = code ?? (signal === 'SIGKILL' ? 137 : 143);
      task.stopCode ??= 'EssentialContainerExited';
      task.stoppedReason ??= 'Essential container in task exited';
    });
    tasks.set(taskArn, task);
    if (body.clientToken) byToken.set(body.clientToken, task);
    return { tasks: [describe(task)], failures: [] };
  }

  function describe(t: EmulatedTask) {
    return {
      taskArn: t.taskArn,
      clusterArn: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/${o.cluster}`,
      taskDefinitionArn: t.request.taskDefinition,
      startedBy: t.request.startedBy,
      launchType: t.request.launchType,
      lastStatus: t.lastStatus,
      desiredStatus: t.desiredStatus,
      stopCode: t.lastStatus === 'STOPPED' ? t.stopCode : undefined,
      stoppedReason: t.lastStatus === 'STOPPED' ? t.stoppedReason : undefined,
      containers: [{ name: o.containerName, taskArn: t.taskArn, lastStatus: t.lastStatus, exitCode: t.exitCode }],
    };
  }

  function describeTasks(body: DescribeTasksRequest) {
    checkCluster(body.cluster);
    const found = (body.tasks as string[]).map((arn) => tasks.get(arn));
    return {
      tasks: found.filter((t) => t !== undefined).map(describe),
      failures: (body.tasks as string[]).filter((_, i) => !found[i]).map((arn) => ({ arn, reason: 'MISSING' })),
    };
  }

  function stopTask(body: StopTaskRequest) {
    checkCluster(body.cluster);
    const task = tasks.get(body.task as string);
    if (!task) throw new EcsError('InvalidParameterException', 'The referenced task was not found.');
    if (task.wedged) {
      task.desiredStatus = 'STOPPED';
    } else if (task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING') {
      task.desiredStatus = 'STOPPED';
      task.stopCode = 'UserInitiated';
      task.stoppedReason = body.reason ?? 'Task stopped by user';
      task.child.kill('SIGTERM');
      const kill = setTimeout(() => task.child.kill('SIGKILL'), o.stopTimeoutMs);
      task.child.once('exit', () => clearTimeout(kill));
    }
    return { task: describe(task) };
  }

  // Each operation reads its request body as that operation's input (the JSON is not validated).
  const ops: Record<string, (body: never) => unknown> = { RunTask: runTask, DescribeTasks: describeTasks, StopTask: stopTask };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const op = String(req.headers['x-amz-target'] ?? '').replace(TARGET_PREFIX, '');
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      calls.push({ op, body });
      const fn = ops[op];
      if (!fn) throw new EcsError('UnknownOperationException', `${op} is not emulated`);
      send(200, fn(body as never));
    } catch (err) {
      const type = err instanceof EcsError ? err.type : 'ServerException';
      send(err instanceof EcsError ? 400 : 500, { __type: type, message: err instanceof Error ? err.message : String(err) });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    tasks,
    async close() {
      for (const t of tasks.values()) if (t.lastStatus === 'RUNNING') t.child.kill('SIGKILL');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
