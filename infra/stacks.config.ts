/**
 * The environments `infra/main.ts` synthesizes, one stack each (`tributary-<env>`). Any setting
 * can be overridden from the environment: `TRIBUTARY_PROJECT=my-proj npx cdktf synth`.
 * `TRIBUTARY_ENVIRONMENTS=prod` synthesizes only the listed environments.
 * Every key and its default is documented on `StackConfig` in infra/config.ts.
 */
import type { StackConfigInput } from './config';

export const ENVIRONMENTS: Readonly<Record<string, StackConfigInput>> = {
  dev: {
    project: 'tributary-dev',
    forceDestroy: true,
  },
  prod: {
    project: 'tributary-prod',
    stateBucket: 'tributary-prod-tfstate',
    maxDeliveryAttempts: 10,
  },
};
