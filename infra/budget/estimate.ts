/**
 * Prices a resource graph: every resource gets a rule from {@link TYPE_RULES} (priced, free or
 * not priced), priced components get catalog prices, and free tiers are shared across the
 * resources that use a price in proportion to their use.
 */
import type { GraphResource, ResourceGraph } from '../graph';
import { freeQuantity, priceEntry, unitPrice } from './catalog';
import { TYPE_RULES } from './pricers';
import type { ComponentDraft, CostComponent, ResourceCost, ResourceStatus, UsageValues } from './types';

/** The graph holds a resource type the budget has no rule for. */
export class UnpricedTypeError extends Error {
  constructor(readonly types: readonly string[]) {
    super(`no pricer and no free/not-priced entry for ${types.join(', ')}; add one to infra/budget/pricers/index.ts (TYPE_RULES)`);
    this.name = 'UnpricedTypeError';
  }
}

/** Options of {@link priceGraph}. */
export interface PriceGraphOptions {
  readonly graph: ResourceGraph;
  /** Usage per resource address. */
  readonly usage: ReadonlyMap<string, UsageValues>;
  /** Location for resources that name none. @default 'europe-west1' */
  readonly region?: string;
  /** Apply free tiers. @default true */
  readonly freeTier?: boolean;
}

/** The priced resources and the total. */
export interface PricedGraph {
  readonly resources: ResourceCost[];
  readonly totalMonthlyCost: number;
}

interface Draft {
  readonly resource: GraphResource;
  readonly name: string;
  readonly pipeline: string | null;
  readonly service: string;
  readonly status: ResourceStatus;
  readonly reason?: string;
  readonly components: (ComponentDraft & { readonly location: string })[];
}

const RESOLVED = new WeakMap<ResourceGraph, Map<string, Readonly<Record<string, unknown>>>>();

/**
 * A resource's resolved arguments, computed once per graph (the budget reads each resource's
 * configuration several times: usage layers, pricers, sensitivity).
 */
export function resolvedConfig(graph: ResourceGraph, r: GraphResource): Readonly<Record<string, unknown>> {
  let cache = RESOLVED.get(graph);
  if (!cache) RESOLVED.set(graph, (cache = new Map()));
  let c = cache.get(r.address);
  if (!c) cache.set(r.address, (c = graph.resolved(r)));
  return c;
}

/** Rounds USD to a millionth so reports are stable (cents are what we show). */
export const roundUsd = (n: number): number => Math.round(n * 1e6) / 1e6;

const NAME_KEYS = ['name', 'topic_id', 'cluster_id', 'connect_cluster_id', 'connector_id', 'secret_id', 'account_id', 'display_name', 'service', 'dataset_id'];

/** The cloud name of a resource: its `name`-like argument, `dataset.table` for tables, else the address. */
export function resourceName(r: GraphResource, config: Readonly<Record<string, unknown>>): string {
  if (r.type === 'google_bigquery_table') return `${String(config.dataset_id)}.${String(config.table_id)}`;
  for (const k of NAME_KEYS) if (typeof config[k] === 'string' && config[k]) return config[k] as string;
  return r.address;
}

/** The pipeline a resource belongs to: its `tributary-pipeline` label, else a pipeline id in its construct path. */
export function pipelineOf(r: GraphResource, config: Readonly<Record<string, unknown>>, pipelines: ReadonlySet<string>): string | null {
  const labels = config.labels as Record<string, string> | undefined;
  if (labels?.['tributary-pipeline']) return labels['tributary-pipeline'];
  const path = ((r.config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? '').split('/');
  for (const seg of path) {
    const id = seg.replace(/^(pipeline|topic)-/, '');
    if (pipelines.has(id)) return id;
  }
  // Without construct metadata: the naming rule puts the pipeline id first (`taxi-raw`, `taxi.raw`, `taxi kpi x`, `silver.taxi_lake`).
  const name = resourceName(r, config);
  const first = (r.type === 'google_bigquery_table' ? String(config.table_id) : name).split(/[-. _:]/)[0];
  return pipelines.has(first) ? first : null;
}

/** Pipeline ids of the graph: the `tributary-pipeline` labels of its functions. */
export function graphPipelines(graph: ResourceGraph): string[] {
  const ids = new Set<string>();
  for (const r of graph.resources('google_cloudfunctions2_function')) {
    const id = (r.config.labels as Record<string, string> | undefined)?.['tributary-pipeline'];
    if (id) ids.add(id);
  }
  return [...ids].sort();
}

/** Location of a resource for pricing. */
function locationOf(config: Readonly<Record<string, unknown>>, fallback: string): string {
  const v = config.location ?? config.region;
  return typeof v === 'string' && v ? v.toLowerCase() : fallback;
}

/** Prices every resource of the graph. Throws {@link UnpricedTypeError} on a type with no rule. */
export function priceGraph(opts: PriceGraphOptions): PricedGraph {
  const region = (opts.region ?? 'europe-west1').toLowerCase();
  const resources = opts.graph.resources();
  const missing = [...new Set(resources.map((r) => r.type))].filter((t) => !(t in TYPE_RULES)).sort();
  if (missing.length) throw new UnpricedTypeError(missing);
  const pipelines = new Set(graphPipelines(opts.graph));

  const drafts: Draft[] = resources.map((resource) => {
    const rule = TYPE_RULES[resource.type];
    const config = resolvedConfig(opts.graph, resource);
    const base = { resource, name: resourceName(resource, config), pipeline: pipelineOf(resource, config, pipelines), service: rule.service };
    if (rule.kind !== 'priced') return { ...base, status: rule.kind, reason: rule.reason, components: [] };
    const location = locationOf(config, region);
    const priced = rule.price({ graph: opts.graph, resource, config, usage: opts.usage.get(resource.address) ?? {}, location });
    if ('free' in priced) return { ...base, status: 'free', reason: priced.free, components: [] };
    return { ...base, status: 'priced', components: priced.map((c) => ({ ...c, location })) };
  });

  const freeShare = opts.freeTier === false ? () => 0 : freeTierShares(drafts);
  let total = 0;
  const out: ResourceCost[] = drafts.map((d) => {
    const costComponents: CostComponent[] = d.components.map((c) => {
      const price = unitPrice(c.priceId, c.location);
      const freeQ = Math.min(c.quantity, freeShare(c));
      const monthlyCost = roundUsd((c.quantity - freeQ) * price);
      return { name: c.name, priceId: c.priceId, monthlyQuantity: c.quantity, unit: priceEntry(c.priceId).unit, price, freeQuantity: freeQ, monthlyCost };
    });
    const monthlyCost = roundUsd(costComponents.reduce((s, c) => s + c.monthlyCost, 0));
    total += monthlyCost;
    return {
      name: d.name,
      address: d.resource.address,
      type: d.resource.type,
      pipeline: d.pipeline,
      service: d.service,
      status: d.status,
      ...(d.reason ? { reason: d.reason } : {}),
      costComponents,
      monthlyCost,
    };
  });
  return { resources: out, totalMonthlyCost: roundUsd(total) };
}

/** Each free allowance split over the components that use it, in proportion to quantity. */
function freeTierShares(drafts: readonly Draft[]): (c: ComponentDraft & { location: string }) => number {
  const used = new Map<string, number>();
  for (const d of drafts) {
    for (const c of d.components) {
      if (freeQuantity(c.priceId, c.location) > 0) used.set(c.priceId, (used.get(c.priceId) ?? 0) + c.quantity);
    }
  }
  return (c) => {
    const allowance = freeQuantity(c.priceId, c.location);
    const total = used.get(c.priceId) ?? 0;
    if (allowance <= 0 || total <= 0) return 0;
    return (Math.min(allowance, total) * c.quantity) / total;
  };
}
