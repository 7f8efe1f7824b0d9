import { STOCKS_SAMPLE } from './samples';
import { stocks, tickChange } from './stocks';
import { enrichOk, quarantineOf } from './test-helpers';

describe('stocks enrichment', () => {
  it('computes change, change % and spread against the previous close', () => {
    // 1510.50 − 1500 = 10.50; 10.50 / 1500 × 100 = 0.7 %; 1510.65 − 1510.40 = 0.25.
    expect(enrichOk(stocks, STOCKS_SAMPLE)).toMatchObject({
      event_id: '408065:2026-11-30T11:59:59+05:30',
      event_time: '2026-11-30T06:29:59.000Z',
      instrument_token: 408065,
      change: 10.5,
      change_pct: 0.7,
      spread: 0.25,
    });
  });

  it('gives a fall as a negative change', () => {
    expect(tickChange({ last_price: 1455, ohlc: { open: 1, high: 1, low: 1, close: 1500 } })).toEqual({ change: -45, change_pct: -3 });
  });

  it('leaves the spread out when the tick has no depth, and change % 0 when the previous close is 0', () => {
    const { depth: _d, ...noDepth } = STOCKS_SAMPLE;
    const e = enrichOk(stocks, { ...noDepth, ohlc: { ...noDepth.ohlc, close: 0 } });
    expect(e.spread).toBeUndefined();
    expect(e.change_pct).toBe(0);
  });
});

describe('stocks rules', () => {
  it('price.negative: quarantines a negative last price', () => {
    expect(quarantineOf(stocks, { ...STOCKS_SAMPLE, last_price: -1 })).toMatchObject({ rule: 'price.negative', detail: 'last_price -1 is negative' });
  });

  it('ohlc.range: quarantines a low above the high', () => {
    expect(quarantineOf(stocks, { ...STOCKS_SAMPLE, ohlc: { open: 1, high: 2, low: 3, close: 1 } }).rule).toBe('ohlc.range');
  });

  it('timestamp.future: quarantines a tick from tomorrow', () => {
    expect(quarantineOf(stocks, { ...STOCKS_SAMPLE, timestamp: '2026-12-01T12:00:00Z' }).rule).toBe('timestamp.future');
  });

  it('schema.minimum: quarantines a negative volume', () => {
    expect(quarantineOf(stocks, { ...STOCKS_SAMPLE, volume: -5 })).toMatchObject({ rule: 'schema.minimum', detail: '/volume must be >= 0' });
  });
});
