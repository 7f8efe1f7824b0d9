/**
 * The CDKTF app (`cdktf.json` → `npx tsx infra/main.ts`): one stack per environment of
 * `infra/stacks.config.ts`, built from every pipeline in `pipelines/`. `npx cdktf synth` and
 * `tributary synth` run it; the stacks land in `cdktf.out/stacks/tributary-<env>/cdk.tf.json`.
 */
import { buildApp } from './app';
import { loadDefinitions } from './definitions';

const { pipelines, toBigQuerySchema } = loadDefinitions();
buildApp({ pipelines, toBigQuerySchema, outdir: process.env.CDKTF_OUTDIR }).synth();
