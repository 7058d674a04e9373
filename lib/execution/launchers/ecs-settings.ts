import type { Env } from '../../env';

/** Where and how runner tasks are started; read from VEGA_ECS_* by `ecsSettings`. */
export interface EcsSettings {
  cluster: string;
  taskDefinition: string;
  containerName: string;
  /** At most one of the two; neither means the cluster's default capacity provider strategy. */
  launchType?: 'FARGATE' | 'EC2';
  capacityProvider?: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  region: string;
  endpoint?: string;
  pollMs: number;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The ECS settings of a worker in `ecs` mode. Throws one message naming
 * every missing or conflicting variable, so a misconfigured worker fails at
 * start rather than on its first scan.
 */
export function ecsSettings(e: Env): EcsSettings {
  const subnets = list(e.VEGA_ECS_SUBNETS);
  const problems: string[] = [];
  if (!e.VEGA_ECS_CLUSTER) problems.push('VEGA_ECS_CLUSTER is not set');
  if (!e.VEGA_ECS_TASK_DEFINITION) problems.push('VEGA_ECS_TASK_DEFINITION is not set');
  // Runner tasks use awsvpc networking: ECS refuses RunTask without subnets.
  if (subnets.length === 0) problems.push('VEGA_ECS_SUBNETS is not set (comma-separated subnet ids)');
  if (e.VEGA_ECS_LAUNCH_TYPE && e.VEGA_ECS_CAPACITY_PROVIDER) {
    problems.push('set VEGA_ECS_LAUNCH_TYPE or VEGA_ECS_CAPACITY_PROVIDER, not both');
  }
  if (problems.length > 0) {
    throw new Error(`VEGA_SCAN_WORKER_EXECUTION_MODE=ecs needs its ECS settings:\n  ${problems.join('\n  ')}`);
  }
  return {
    cluster: e.VEGA_ECS_CLUSTER!,
    taskDefinition: e.VEGA_ECS_TASK_DEFINITION!,
    containerName: e.VEGA_ECS_CONTAINER_NAME,
    launchType: e.VEGA_ECS_LAUNCH_TYPE,
    capacityProvider: e.VEGA_ECS_CAPACITY_PROVIDER,
    subnets,
    securityGroups: list(e.VEGA_ECS_SECURITY_GROUPS),
    assignPublicIp: e.VEGA_ECS_ASSIGN_PUBLIC_IP,
    region: e.VEGA_ECS_REGION,
    endpoint: e.VEGA_ECS_ENDPOINT,
    pollMs: e.VEGA_ECS_POLL_SECONDS * 1000,
  };
}
