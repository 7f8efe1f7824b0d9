/**
 * retail: orders, customers, products and web logs in one stream (ARCHITECTURE §6). Enrichment
 * types CSV text into numbers, normalizes currencies and countries, computes line totals (in the
 * order currency and in the reporting currency) and a deduplication key.
 */
import { retailEnrichedSchema, retailRawSchema, type RetailEnriched, type RetailRaw } from '../schemas/retail.schema';
import { round } from './core/geo';
import { contentHash } from './core/hash';
import { notInFuture } from './core/rules';
import { parseMs, toUtcIso } from './core/time';
import { normalizeCountry, normalizeCurrency, parsedWeblog, toNumber } from './retail-records';
import type { PipelineDefinition, Rule, RuleViolation } from './types';

/** Reporting currency of `line_total`. */
export const REPORTING_CURRENCY = 'EUR';

/** Units of the reporting currency per unit of each accepted currency (a fixed reference table). */
export const EXCHANGE_RATES: Readonly<Record<string, number>> = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.04, JPY: 0.0061, SEK: 0.087, DKK: 0.134, PLN: 0.23 };

/** The business key copies of one record share. */
export function dedupKey(e: RetailRaw): string {
  switch (e.record_type) {
    case 'order_line':
      return `order_line/${e.order_id}/${toNumber(e.line_no)}`;
    case 'customer':
      return `customer/${e.customer_id}`;
    case 'product':
      return `product/${e.product_id}`;
    case 'weblog':
      return `weblog/${contentHash(e.line)}`;
  }
}

/** Event id: the dedup key, plus the version time for records that change (customers, products). */
export function retailEventId(e: RetailRaw): string {
  const key = dedupKey(e);
  return e.record_type === 'customer' || e.record_type === 'product' ? `${key}@${toUtcIso(e.updated_at)}` : key;
}

const fail = (rule: string, detail: string): RuleViolation => ({ rule, detail });

/** `weblog.format`: a web log line parses as combined log format. */
const weblogFormat: Rule<RetailRaw> = {
  name: 'weblog.format',
  description: 'Web log lines are in combined (or common) log format.',
  check: (e) => (e.record_type === 'weblog' && !parsedWeblog(e) ? fail('weblog.format', `line is not in combined log format: ${JSON.stringify(e.line.slice(0, 80))}`) : undefined),
};

/** `currency.unknown`: order and product currencies are in the exchange-rate table. */
const knownCurrency: Rule<RetailRaw> = {
  name: 'currency.unknown',
  description: 'Currencies are ISO 4217 codes or symbols of the exchange-rate table (EXCHANGE_RATES).',
  check: (e) =>
    (e.record_type === 'order_line' || (e.record_type === 'product' && e.currency !== undefined)) && !normalizeCurrency(e.currency!, EXCHANGE_RATES)
      ? fail('currency.unknown', `currency ${JSON.stringify(e.currency)} is not one of ${Object.keys(EXCHANGE_RATES).join(', ')}`)
      : undefined,
};

/** `price.negative`: unit and list prices are zero or more. */
const nonNegativePrice: Rule<RetailRaw> = {
  name: 'price.negative',
  description: 'Unit and list prices are zero or more.',
  check: (e) => {
    if (e.record_type === 'order_line' && toNumber(e.unit_price) < 0) return fail('price.negative', `unit_price ${e.unit_price} is negative`);
    if (e.record_type === 'product' && e.price !== undefined && toNumber(e.price) < 0) return fail('price.negative', `price ${e.price} is negative`);
    return undefined;
  },
};

/** `quantity.zero`: an order line moves at least one unit (negative: a return). */
const nonZeroQuantity: Rule<RetailRaw> = {
  name: 'quantity.zero',
  description: 'Order lines have a non-zero quantity (negative quantities are returns).',
  check: (e) => (e.record_type === 'order_line' && toNumber(e.quantity) === 0 ? fail('quantity.zero', 'quantity is 0') : undefined),
};

function eventMillis(e: RetailRaw): number {
  switch (e.record_type) {
    case 'order_line':
      return parseMs(e.ordered_at);
    case 'customer':
    case 'product':
      return parseMs(e.updated_at);
    case 'weblog':
      return parseMs(parsedWeblog(e)?.time ?? '');
  }
}

/** The typed, flat silver row of a raw record. Optional fields are assigned, not spread (one shape per type, fast in V8). */
export function enrichRetail(e: RetailRaw): RetailEnriched {
  const event_id = retailEventId(e);
  const dedup_key = dedupKey(e);
  switch (e.record_type) {
    case 'order_line': {
      const quantity = toNumber(e.quantity);
      const unitPrice = toNumber(e.unit_price);
      const currency = normalizeCurrency(e.currency, EXCHANGE_RATES)!;
      const local = quantity * unitPrice;
      return {
        event_id,
        dedup_key,
        event_time: toUtcIso(e.ordered_at),
        record_type: 'order_line',
        order_id: e.order_id,
        line_no: toNumber(e.line_no),
        customer_id: e.customer_id,
        product_id: e.product_id,
        quantity,
        unit_price: unitPrice,
        currency,
        line_total_local: round(local, 2),
        line_total: round(local * EXCHANGE_RATES[currency], 2),
      };
    }
    case 'customer': {
      const out: RetailEnriched = { event_id, dedup_key, event_time: toUtcIso(e.updated_at), record_type: 'customer', customer_id: e.customer_id, country: normalizeCountry(e.country) };
      if (e.name !== undefined) out.name = e.name.trim();
      if (e.email !== undefined) out.email = e.email.trim().toLowerCase();
      return out;
    }
    case 'product': {
      const out: RetailEnriched = { event_id, dedup_key, event_time: toUtcIso(e.updated_at), record_type: 'product', product_id: e.product_id, name: e.name.trim(), category: e.category.trim().toLowerCase() };
      if (e.price !== undefined) out.price = toNumber(e.price);
      const currency = e.currency === undefined ? undefined : normalizeCurrency(e.currency, EXCHANGE_RATES);
      if (currency !== undefined) out.currency = currency;
      return out;
    }
    case 'weblog': {
      const w = parsedWeblog(e);
      if (!w) throw new Error('weblog line does not parse (the weblog.format rule should have caught it)');
      const out: RetailEnriched = { event_id, dedup_key, event_time: w.time, record_type: 'weblog', ip: w.ip, method: w.method, path: w.path, status: w.status, bytes: w.bytes };
      if (w.user !== undefined) out.customer_id = w.user;
      if (w.referrer !== undefined) out.referrer = w.referrer;
      if (w.user_agent !== undefined) out.user_agent = w.user_agent;
      return out;
    }
  }
}

/** The retail pipeline. */
export const retail: PipelineDefinition<RetailRaw, RetailEnriched> = {
  id: 'retail',
  title: 'Retail orders, customers, products and web logs',
  description: 'Orders (CSV, PostgreSQL), customers and products (JSON), web logs; typed, deduplicated, line totals; revenue, top products, baskets and data quality; customer segments.',
  schema: retailRawSchema,
  enrichedSchema: retailEnrichedSchema,
  eventId: retailEventId,
  rules: [weblogFormat, knownCurrency, nonNegativePrice, nonZeroQuantity, notInFuture({ field: 'event time', millis: eventMillis })],
  enrich: enrichRetail,
  timeField: 'event_time',
  partitionKeys: [],
  filterFields: ['record_type', 'order_id', 'customer_id', 'product_id', 'category', 'country'],
  index: { shards: 1, replicas: 1, refreshInterval: '10s' },
  batching: {
    index: { count: 1000, bytes: 5_000_000, ageMs: 10_000 },
    lake: { count: 50_000, bytes: 64_000_000, ageMs: 45_000 },
  },
  kpis: [
    { name: 'revenue_by_category_country', description: 'Daily revenue, orders and units per product category and customer country.', schedule: 'every 1 hours', scanDays: 7 },
    { name: 'top_products', description: 'The 20 best-selling products by revenue per day.', schedule: 'every 1 hours', scanDays: 7 },
    { name: 'average_basket', description: 'Orders, mean basket value and mean lines per order, per day.', schedule: 'every 1 hours', scanDays: 7 },
    { name: 'data_quality', description: 'Per day: records accepted by type, quarantined by rule, and duplicates removed.', schedule: 'every 1 hours', scanDays: 7 },
  ],
  models: [
    {
      name: 'customer_segments',
      type: 'KMEANS',
      description: 'K-means customer segments on recency, frequency and monetary value.',
      features: ['recency_days', 'orders', 'revenue', 'avg_basket'],
      options: { num_clusters: 4, standardize_features: true },
      schedule: 'every 24 hours',
      trainDays: 90,
    },
  ],
  sources: [
    { kind: 'files', formats: ['csv', 'json', 'ndjson', 'log'] },
    { kind: 'postgres', table: 'orders', watermarkColumn: 'updated_at', schedule: 'every 5 minutes' },
    { kind: 'generator' },
  ],
  workload: { eventsPerSecond: 20, avgEventBytes: 240, retentionDays: 730 },
};
