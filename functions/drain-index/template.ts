/**
 * The `<id>` index template (ARCHITECTURE §4): matches `<id>-*`, carries the mapping derived
 * from the enriched schema, the pipeline's index settings and the alias `<id>`. Put once per
 * function instance (cold start); putting it again is harmless (same name, same body).
 */
import type { Client } from '@elastic/elasticsearch';
import { esAlias, esIndexPattern } from '../../pipelines/naming';
import type { PipelineDefinition } from '../../pipelines/types';

/** The mapping of the enriched event (from `toElasticsearchMapping(enrichedSchema)`). */
export type IndexMapping = Record<string, unknown>;

/** The put-index-template request for a pipeline. */
export function indexTemplate(p: Pick<PipelineDefinition, 'id' | 'index'>, mappings: IndexMapping) {
  return {
    name: p.id,
    index_patterns: [esIndexPattern(p.id)],
    priority: 100,
    template: {
      settings: { number_of_shards: p.index.shards, number_of_replicas: p.index.replicas, refresh_interval: p.index.refreshInterval },
      mappings,
      aliases: { [esAlias(p.id)]: {} },
    },
    _meta: { managed_by: 'tributary' },
  };
}

const put = new WeakMap<Client, Set<string>>();

/** Puts the template unless this instance already did for this client. */
export async function ensureTemplate(client: Client, p: Pick<PipelineDefinition, 'id' | 'index'>, mappings: IndexMapping): Promise<boolean> {
  const done = put.get(client) ?? new Set<string>();
  if (done.has(p.id)) return false;
  await client.indices.putIndexTemplate(indexTemplate(p, mappings) as Parameters<Client['indices']['putIndexTemplate']>[0]);
  done.add(p.id);
  put.set(client, done);
  return true;
}
