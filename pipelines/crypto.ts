/**
 * crypto: quotes polled from CryptoCompare (`pricemultifull`, crypto) and Finnhub (`/quote`,
 * equities), each in its real format (ARCHITECTURE §6). Enrichment normalizes both into one
 * quote shape with the asset class.
 */
import { cryptoEnrichedSchema, cryptoRawSchema, type CryptoCompareRaw, type CryptoEnriched, type CryptoRaw, type FinnhubQuoteRaw } from '../schemas/crypto.schema';
import { nonNegativePrices, notInFuture } from './core/rules';
import { unixSecondsToIso } from './core/time';
import type { PipelineDefinition, Rule } from './types';

/** True for the Finnhub format (the schema's oneOf has already told the two apart). */
export const isFinnhub = (e: CryptoRaw): e is FinnhubQuoteRaw => typeof (e as FinnhubQuoteRaw).c === 'number';

const quoteSeconds = (e: CryptoRaw): number => (isFinnhub(e) ? e.t : (e as CryptoCompareRaw).LASTUPDATE);
const symbolOf = (e: CryptoRaw): string => (isFinnhub(e) ? e.symbol : `${(e as CryptoCompareRaw).FROMSYMBOL}-${(e as CryptoCompareRaw).TOSYMBOL}`);
const sourceOf = (e: CryptoRaw): CryptoEnriched['source'] => (isFinnhub(e) ? 'finnhub' : 'cryptocompare');

const eventId = (e: CryptoRaw): string => `${sourceOf(e)}:${symbolOf(e)}:${quoteSeconds(e)}`;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One normalized quote from either format. Absent fields are left out, never null. */
export function normalizeQuote(e: CryptoRaw): CryptoEnriched {
  if (isFinnhub(e)) {
    return { event_id: eventId(e), event_time: unixSecondsToIso(e.t), source: 'finnhub', symbol: e.symbol, asset_class: 'equity', price: e.c, open: e.o, high: e.h, low: e.l, prev_close: e.pc };
  }
  const c = e as CryptoCompareRaw;
  const q: CryptoEnriched = { event_id: eventId(c), event_time: unixSecondsToIso(c.LASTUPDATE), source: 'cryptocompare', symbol: symbolOf(c), asset_class: 'crypto', currency: c.TOSYMBOL, price: c.PRICE };
  // The UTC day is the session: it opens at the previous day's close.
  const open = num(c.OPENDAY) ?? num(c.OPEN24HOUR);
  const high = num(c.HIGHDAY) ?? num(c.HIGH24HOUR);
  const low = num(c.LOWDAY) ?? num(c.LOW24HOUR);
  const volume = num(c.VOLUMEDAY) ?? num(c.VOLUME24HOUR);
  if (open !== undefined) q.open = open;
  if (high !== undefined) q.high = high;
  if (low !== undefined) q.low = low;
  if (open !== undefined) q.prev_close = open;
  if (volume !== undefined) q.volume = volume;
  return q;
}

/** `quote.empty`: Finnhub answers an unknown symbol with zeros (`t: 0`); that is no quote. */
const notEmpty: Rule<CryptoRaw> = {
  name: 'quote.empty',
  description: 'A Finnhub quote with time 0 (its answer for an unknown symbol) is not a quote.',
  check: (e) => (isFinnhub(e) && e.t === 0 ? { rule: 'quote.empty', detail: `finnhub quote for ${e.symbol} has t 0 (unknown symbol?)` } : undefined),
};

/** The crypto pipeline. */
export const crypto: PipelineDefinition<CryptoRaw, CryptoEnriched> = {
  id: 'crypto',
  title: 'Crypto and equity quotes',
  description: 'Quotes polled from CryptoCompare and Finnhub, normalized into one shape; OHLC per minute, daily volume and trend; per-symbol forecasts.',
  schema: cryptoRawSchema,
  enrichedSchema: cryptoEnrichedSchema,
  eventId,
  rules: [
    notEmpty,
    nonNegativePrices((e) =>
      isFinnhub(e)
        ? [
            { label: 'c', value: e.c },
            { label: 'o', value: e.o },
            { label: 'h', value: e.h },
            { label: 'l', value: e.l },
            { label: 'pc', value: e.pc },
          ]
        : [
            { label: 'PRICE', value: e.PRICE },
            { label: 'OPENDAY', value: e.OPENDAY },
            { label: 'HIGHDAY', value: e.HIGHDAY },
            { label: 'LOWDAY', value: e.LOWDAY },
            { label: 'VOLUMEDAY', value: e.VOLUMEDAY },
          ],
    ),
    notInFuture({ field: 'quote time', millis: (e) => quoteSeconds(e) * 1000 }),
  ],
  enrich: normalizeQuote,
  timeField: 'event_time',
  partitionKeys: ['asset_class'],
  filterFields: ['symbol', 'asset_class', 'source'],
  index: { shards: 1, replicas: 1, refreshInterval: '5s' },
  batching: {
    index: { count: 500, bytes: 2_000_000, ageMs: 5_000 },
    lake: { count: 20_000, bytes: 32_000_000, ageMs: 45_000 },
  },
  kpis: [
    { name: 'ohlc_minute', description: 'OHLC of the polled price per symbol and minute.', schedule: 'every 15 minutes', scanDays: 1 },
    { name: 'daily_volume_trend', description: 'Per symbol and day: volume, close, change and 7-day trend.', schedule: 'every 24 hours', scanDays: 30 },
  ],
  models: [
    {
      name: 'price_forecast',
      type: 'ARIMA_PLUS',
      description: 'Last price per minute forecast, one series per symbol.',
      timeSeries: { timestampCol: 'minute', dataCol: 'price', idCol: 'symbol', horizon: 60 },
      options: {},
      schedule: 'every 24 hours',
      trainDays: 7,
    },
  ],
  sources: [{ kind: 'poller', apis: ['cryptocompare', 'finnhub'], schedule: '* * * * *' }, { kind: 'generator' }],
  workload: { eventsPerSecond: 0.5, avgEventBytes: 900, retentionDays: 365 },
};
