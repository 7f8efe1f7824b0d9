/**
 * stocks: market ticks in Kite Connect's full-mode shape (ARCHITECTURE §6). Enrichment: change
 * and change % against the previous close (`ohlc.close`, as Kite defines it) and the spread
 * between the best ask and the best bid when the tick carries depth.
 */
import { stocksEnrichedSchema, stocksRawSchema, type StocksEnriched, type StocksRaw } from '../schemas/stocks.schema';
import { round } from './core/geo';
import { nonNegativePrices, notInFuture } from './core/rules';
import { parseMs, toUtcIso } from './core/time';
import type { PipelineDefinition, Rule } from './types';

/** Change, change % and spread of a tick (rounded as stored). */
export function tickChange(t: Pick<StocksRaw, 'last_price' | 'ohlc' | 'depth'>): { change: number; change_pct: number; spread?: number } {
  const prev = t.ohlc.close;
  const change = t.last_price - prev;
  const out: { change: number; change_pct: number; spread?: number } = { change: round(change, 4), change_pct: prev === 0 ? 0 : round((change / prev) * 100, 4) };
  const spread = spreadOf(t);
  if (spread !== undefined) out.spread = spread;
  return out;
}

/** Best ask minus best bid, when the tick carries both sides of the depth. */
function spreadOf(t: Pick<StocksRaw, 'depth'>): number | undefined {
  const bid = t.depth?.buy[0]?.price;
  const ask = t.depth?.sell[0]?.price;
  return bid !== undefined && ask !== undefined && bid > 0 && ask > 0 ? round(ask - bid, 4) : undefined;
}

/** `ohlc.range`: the session low is not above its high. */
const ohlcRange: Rule<StocksRaw> = {
  name: 'ohlc.range',
  description: 'The session low is not above the session high.',
  check: (e) => (e.ohlc.low > e.ohlc.high ? { rule: 'ohlc.range', detail: `ohlc.low ${e.ohlc.low} is above ohlc.high ${e.ohlc.high}` } : undefined),
};

/** The stocks pipeline. */
export const stocks: PipelineDefinition<StocksRaw, StocksEnriched> = {
  id: 'stocks',
  title: 'Stock ticks',
  description: 'Market ticks per instrument; change, change % and spread; OHLC KPIs; price regression and ARIMA forecasts.',
  schema: stocksRawSchema,
  enrichedSchema: stocksEnrichedSchema,
  eventId: (e) => `${e.instrument_token}:${e.timestamp}`,
  rules: [
    nonNegativePrices((e) => [
      { label: 'last_price', value: e.last_price },
      { label: 'average_price', value: e.average_price },
      { label: 'ohlc.open', value: e.ohlc.open },
      { label: 'ohlc.high', value: e.ohlc.high },
      { label: 'ohlc.low', value: e.ohlc.low },
      { label: 'ohlc.close', value: e.ohlc.close },
    ]),
    ohlcRange,
    notInFuture({ field: 'timestamp', millis: (e) => parseMs(e.timestamp) }),
  ],
  enrich: (e) => {
    const c = tickChange(e);
    const out: StocksEnriched = {
      event_id: `${e.instrument_token}:${e.timestamp}`,
      event_time: toUtcIso(e.timestamp),
      instrument_token: e.instrument_token,
      tradingsymbol: e.tradingsymbol,
      last_price: e.last_price,
      volume: e.volume,
      buy_quantity: e.buy_quantity,
      sell_quantity: e.sell_quantity,
      ohlc: { open: e.ohlc.open, high: e.ohlc.high, low: e.ohlc.low, close: e.ohlc.close },
      change: c.change,
      change_pct: c.change_pct,
    };
    if (c.spread !== undefined) out.spread = c.spread;
    if (e.last_quantity !== undefined) out.last_quantity = e.last_quantity;
    if (e.average_price !== undefined) out.average_price = e.average_price;
    return out;
  },
  timeField: 'event_time',
  partitionKeys: ['instrument_token'],
  filterFields: ['instrument_token', 'tradingsymbol'],
  index: { shards: 1, replicas: 1, refreshInterval: '5s' },
  batching: {
    index: { count: 2000, bytes: 5_000_000, ageMs: 5_000 },
    lake: { count: 200_000, bytes: 64_000_000, ageMs: 45_000 },
  },
  kpis: [
    { name: 'ohlc_minute', description: 'Per-instrument OHLC and traded volume per minute.', schedule: 'every 15 minutes', scanDays: 1 },
    { name: 'ohlc_day', description: 'Per-instrument daily OHLC, volume and change against the previous close.', schedule: 'every 24 hours', scanDays: 30 },
  ],
  models: [
    {
      name: 'price_regression',
      type: 'LINEAR_REG',
      description: 'Linear regression of last_price on the session open, the previous close, volume and the order book.',
      features: ['ohlc.open', 'ohlc.close', 'volume', 'buy_quantity', 'sell_quantity'],
      label: 'last_price',
      options: {},
      schedule: 'every 24 hours',
      trainDays: 7,
    },
    {
      name: 'price_forecast',
      type: 'ARIMA_PLUS',
      description: 'ARIMA_PLUS forecast of the mean price per minute over all instruments.',
      timeSeries: { timestampCol: 'minute', dataCol: 'price', horizon: 60 },
      options: {},
      schedule: 'every 24 hours',
      trainDays: 7,
    },
    {
      name: 'price_forecast_by_instrument',
      type: 'ARIMA_PLUS',
      description: 'ARIMA_PLUS forecast of the last price per minute, one series per instrument.',
      timeSeries: { timestampCol: 'minute', dataCol: 'price', idCol: 'instrument_token', horizon: 60 },
      options: {},
      schedule: 'every 24 hours',
      trainDays: 7,
    },
  ],
  sources: [{ kind: 'generator' }, { kind: 'replay', formats: ['ndjson', 'csv', 'json'], timestampField: 'timestamp' }],
  workload: { eventsPerSecond: 500, avgEventBytes: 330, retentionDays: 365 },
};
