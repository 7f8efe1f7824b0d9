// Each hand-declared TypeScript type and its JSON Schema describe the same events: the samples
// below are typed (tsc checks the type side) and validated (ajv checks the schema side).
import { validateAgainst } from '../pipelines/core/validate';
import * as samples from '../pipelines/samples';
import { cryptoRawSchema, iotRawSchema, retailRawSchema, stocksRawSchema, taxiRawSchema } from './index';
import type { CryptoEnriched, IotEnriched, RetailEnriched, StocksEnriched, TaxiEnriched } from './index';
import { cryptoEnrichedSchema, iotEnrichedSchema, retailEnrichedSchema, stocksEnrichedSchema, taxiEnrichedSchema } from './index';

const enriched: { taxi: TaxiEnriched; stocks: StocksEnriched; iot: IotEnriched; crypto: CryptoEnriched; retail: RetailEnriched } = {
  taxi: { event_id: 'r', event_time: '2026-01-01T00:00:00Z', ride_id: 'r', taxi_id: 't', client_id: 'c', taxi: { lat: 1, lon: 2 }, client: { lat: 1, lon: 2 }, comfort: 'low', distance_km: 0, eta_minutes: 0, price_estimate: 2.6, currency: 'EUR' },
  stocks: { event_id: 's', event_time: '2026-01-01T00:00:00Z', instrument_token: 1, tradingsymbol: 'X', last_price: 1, volume: 0, buy_quantity: 0, sell_quantity: 0, ohlc: { open: 1, high: 1, low: 1, close: 1 }, change: 0, change_pct: 0 },
  iot: { event_id: 'i', event_time: '2026-01-01T00:00:00Z', event_date: '2026-01-01', room: '413', sensor_type: 'pir', value: 0, unit: 'motion events', quality: 'ok' },
  crypto: { event_id: 'c', event_time: '2026-01-01T00:00:00Z', source: 'finnhub', symbol: 'AAPL', asset_class: 'equity', price: 1 },
  retail: { event_id: 'w', event_time: '2026-01-01T00:00:00Z', record_type: 'weblog', dedup_key: 'weblog/x', ip: '10.0.0.1', status: 200 },
};

describe('hand-declared types and schemas agree', () => {
  it.each([
    ['taxi', taxiRawSchema, [samples.TAXI_SAMPLE]],
    ['stocks', stocksRawSchema, [samples.STOCKS_SAMPLE]],
    ['iot', iotRawSchema, [samples.IOT_SAMPLE]],
    ['crypto', cryptoRawSchema, [samples.CRYPTOCOMPARE_SAMPLE, samples.FINNHUB_SAMPLE]],
    ['retail', retailRawSchema, [samples.ORDER_LINE_SAMPLE, samples.CUSTOMER_SAMPLE, samples.PRODUCT_SAMPLE, samples.WEBLOG_SAMPLE]],
  ] as const)('a typed %s raw sample is valid', (_id, schema, events) => {
    for (const e of events) expect(validateAgainst(schema, e)).toBeUndefined();
  });

  it.each([
    ['taxi', taxiEnrichedSchema],
    ['stocks', stocksEnrichedSchema],
    ['iot', iotEnrichedSchema],
    ['crypto', cryptoEnrichedSchema],
    ['retail', retailEnrichedSchema],
  ] as const)('a typed %s enriched sample is valid', (id, schema) => {
    expect(validateAgainst(schema, enriched[id])).toBeUndefined();
  });
});
