import { describe, expect, it } from 'vitest';
import type { Env } from '../../env';
import { ecsSettings } from './ecs-settings';

const base = { VEGA_ECS_CONTAINER_NAME: 'runner', VEGA_ECS_ASSIGN_PUBLIC_IP: false, VEGA_ECS_REGION: 'us-east-1', VEGA_ECS_POLL_SECONDS: 5 };
const settings = (vars: Partial<Env>) => ecsSettings({ ...base, ...vars } as Env);

describe('ecsSettings', () => {
  it('reads the VEGA_ECS_* variables, splitting the comma lists', () => {
    expect(
      settings({
        VEGA_ECS_CLUSTER: 'vega',
        VEGA_ECS_TASK_DEFINITION: 'vega-runner:3',
        VEGA_ECS_SUBNETS: 'subnet-a, subnet-b,',
        VEGA_ECS_SECURITY_GROUPS: 'sg-1',
        VEGA_ECS_CAPACITY_PROVIDER: 'FARGATE_SPOT',
      }),
    ).toEqual({
      cluster: 'vega',
      taskDefinition: 'vega-runner:3',
      containerName: 'runner',
      launchType: undefined,
      capacityProvider: 'FARGATE_SPOT',
      subnets: ['subnet-a', 'subnet-b'],
      securityGroups: ['sg-1'],
      assignPublicIp: false,
      region: 'us-east-1',
      endpoint: undefined,
      pollMs: 5000,
    });
  });

  it('names every missing or conflicting variable at once', () => {
    expect(() => settings({ VEGA_ECS_LAUNCH_TYPE: 'FARGATE', VEGA_ECS_CAPACITY_PROVIDER: 'x' })).toThrow(
      /VEGA_ECS_CLUSTER is not set\n.*VEGA_ECS_TASK_DEFINITION is not set\n.*VEGA_ECS_SUBNETS is not set.*\n.*not both/,
    );
  });
});
