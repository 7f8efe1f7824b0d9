/**
 * Shared helpers for the infra tests: synthesize a stack once per configuration, and find the
 * grants a function's own service account holds.
 */
import { Testing } from 'cdktf';
import { join } from 'node:path';
import type { PipelineDefinition } from '../../pipelines/types';
import { resolveStackConfig, type StackConfigInput } from '../config';
import { ResourceGraph, type TerraformJson } from '../graph';
import { TributaryStack } from '../stack';
import { ALPHA, BETA, fixtureBigQuerySchema } from './pipelines';

/** SQL files of the fixture pipelines. */
export const FIXTURE_SQL = join(__dirname, 'sql');

/** A synthesized stack: the JSON text, the parsed document and the stack. */
export interface Synthesized {
  readonly text: string;
  readonly json: TerraformJson;
  readonly stack: TributaryStack;
}

/** Synthesizes the fixture pipelines (or `pipelines`) with `config` overrides. */
export function synthFixture(opts: { readonly config?: Partial<StackConfigInput>; readonly pipelines?: readonly PipelineDefinition[]; readonly env?: NodeJS.ProcessEnv } = {}): Synthesized {
  const app = Testing.app();
  const stack = new TributaryStack(app, {
    config: resolveStackConfig({ environment: 'test', input: { project: 'tributary-test', ...opts.config }, env: opts.env ?? {} }),
    pipelines: opts.pipelines ?? [ALPHA, BETA],
    toBigQuerySchema: fixtureBigQuerySchema,
    sqlRoot: FIXTURE_SQL,
  });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TerraformJson, stack };
}

type Block = Record<string, unknown>;

/** Resources of a type, by logical name. */
export const resourcesOf = (json: TerraformJson, type: string): [string, Block][] => Object.entries(json.resource?.[type] ?? {}) as [string, Block][];

/** The `${google_service_account.X.email}` reference a function runs as. */
export function functionAccountRef(json: TerraformJson, functionName: string): string {
  const fn = resourcesOf(json, 'google_cloudfunctions2_function').find(([, b]) => b.name === functionName);
  if (!fn) throw new Error(`no function named ${functionName} in the stack`);
  return String((fn[1].service_config as Block).service_account_email);
}

/** A grant found in the JSON: the IAM resource type, its role and what it is on. */
export interface FoundGrant {
  readonly type: string;
  readonly role: string;
  /** The target, resolved: topic, subscription, bucket, secret id, dataset id, function name or project. */
  readonly on: string;
}

/** Every `*_iam_member` grant held by a function's own service account. */
export function grantsOf(json: TerraformJson, functionName: string): FoundGrant[] {
  const member = `serviceAccount:${functionAccountRef(json, functionName)}`;
  const graph = new ResourceGraph(json, { project: 'tributary-test' });
  const out: FoundGrant[] = [];
  for (const type of Object.keys(json.resource ?? {}).filter((t) => t.endsWith('_iam_member'))) {
    for (const [, b] of resourcesOf(json, type)) {
      if (b.member !== member) continue;
      const on = b.topic ?? b.subscription ?? b.bucket ?? b.secret_id ?? b.dataset_id ?? b.name ?? b.project;
      out.push({ type, role: String(b.role), on: String(graph.resolve(on)) });
    }
  }
  return out;
}
