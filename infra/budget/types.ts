/**
 * The budget's data shapes. {@link BudgetReport} is the stable JSON schema written by
 * `tributary budget --format json` (and read back by `--compare`); fields are only ever added.
 */
import type { GraphResource, ResourceGraph } from '../graph';

/** Usage of one resource: Infracost-style usage keys (`monthly_function_invocations`, ...). */
export type UsageValues = Readonly<Record<string, number | string | boolean>>;

/** A cost component before prices and free tiers are applied. */
export interface ComponentDraft {
  /** What is billed, e.g. `Message delivery throughput`. */
  readonly name: string;
  /** Catalog price id. */
  readonly priceId: string;
  /** Monthly quantity in the catalog entry's unit. */
  readonly quantity: number;
}

/** One priced line of a resource. */
export interface CostComponent {
  readonly name: string;
  readonly priceId: string;
  /** Monthly quantity billed before the free tier. */
  readonly monthlyQuantity: number;
  readonly unit: string;
  /** USD per unit. */
  readonly price: number;
  /** Quantity covered by the free tier (the tier is shared in proportion to use). */
  readonly freeQuantity: number;
  /** USD per month after the free tier. */
  readonly monthlyCost: number;
}

/** How a resource was treated. Every resource of the graph gets one. */
export type ResourceStatus = 'priced' | 'free' | 'not-priced';

/** One resource of the graph in the report. */
export interface ResourceCost {
  /** The cloud name (topic id, function name, ...) or the Terraform address when there is none. */
  readonly name: string;
  readonly address: string;
  readonly type: string;
  /** Pipeline id, or null for shared resources. */
  readonly pipeline: string | null;
  readonly service: string;
  readonly status: ResourceStatus;
  /** Why free or not priced. */
  readonly reason?: string;
  readonly costComponents: readonly CostComponent[];
  readonly monthlyCost: number;
}

/** Cost of the deployment at a multiple of the declared event rates. */
export interface SensitivityPoint {
  readonly factor: number;
  readonly totalMonthlyCost: number;
  /** Functions whose instance limit the load at this factor would exceed (the cost assumes it scales). */
  readonly capacityWarnings: readonly string[];
}

/** Per-event (push function) versus drain (scheduled pull loop) for one pipeline's enrich stage. */
export interface BreakEven {
  readonly pipeline: string;
  readonly eventsPerSecond: number;
  /** USD per month of the per-event design at the declared rate. */
  readonly perEventMonthlyCost: number;
  /** USD per month of the drain design at the declared rate. */
  readonly drainMonthlyCost: number;
  /** Events per second above which the drain design is cheaper (null: never). */
  readonly breakEvenEventsPerSecond: number | null;
  readonly cheaper: 'per-event' | 'drain';
}

/** Change of one resource against a base report (`--compare`). */
export interface ResourceChange {
  readonly address: string;
  readonly name: string;
  readonly type: string;
  /** USD per month in the base report (0 when the resource is new). */
  readonly base: number;
  /** USD per month now (0 when the resource is gone). */
  readonly current: number;
  readonly delta: number;
  readonly change: 'added' | 'removed' | 'changed';
}

/** The comparison with a base report. */
export interface Comparison {
  readonly baseTotalMonthlyCost: number;
  readonly totalMonthlyCost: number;
  readonly delta: number;
  /** Resources whose cost changed, were added or removed; largest change first. */
  readonly resources: readonly ResourceChange[];
}

/** The report (`--format json`). */
export interface BudgetReport {
  readonly schemaVersion: 1;
  readonly stack: string;
  readonly currency: 'USD';
  readonly region: string;
  readonly freeTier: boolean;
  /** Where usage came from, in order of precedence (last wins). */
  readonly usageSources: readonly string[];
  readonly totalMonthlyCost: number;
  readonly byService: Readonly<Record<string, number>>;
  readonly byPipeline: Readonly<Record<string, number>>;
  readonly resources: readonly ResourceCost[];
  readonly sensitivity: readonly SensitivityPoint[];
  readonly breakEven: readonly BreakEven[];
  /** Catalog prices used that were not checked against their page on the date read. */
  readonly unverifiedPrices: readonly string[];
  /** Present with `--compare`. */
  readonly comparison?: Comparison;
}

/** What a pricer gets. */
export interface PricerContext {
  readonly graph: ResourceGraph;
  readonly resource: GraphResource;
  /** The resource's arguments with `${…}` resolved. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly usage: UsageValues;
  /** Location used for prices: the resource's region or location, else the stack's. */
  readonly location: string;
}

/** Prices one resource type. */
export type Pricer = (ctx: PricerContext) => readonly ComponentDraft[];
