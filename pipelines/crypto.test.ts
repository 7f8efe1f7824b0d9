import { crypto } from './crypto';
import { CRYPTOCOMPARE_SAMPLE, FINNHUB_SAMPLE } from './samples';
import { enrichOk, quarantineOf } from './test-helpers';

describe('crypto normalization', () => {
  it('maps a CryptoCompare RAW entry to the quote shape (the UTC day is the session)', () => {
    expect(enrichOk(crypto, CRYPTOCOMPARE_SAMPLE)).toEqual({
      event_id: 'cryptocompare:BTC-USD:1796036395',
      event_time: '2026-11-30T10:59:55.000Z',
      source: 'cryptocompare',
      symbol: 'BTC-USD',
      asset_class: 'crypto',
      currency: 'USD',
      price: 97_250.12,
      open: 96_100,
      high: 97_800.5,
      low: 95_900,
      prev_close: 96_100,
      volume: 12_345.678,
    });
  });

  it('falls back to the 24-hour fields when the day fields are missing', () => {
    const { OPENDAY: _o, HIGHDAY: _h, LOWDAY: _l, VOLUMEDAY: _v, ...only24h } = CRYPTOCOMPARE_SAMPLE;
    expect(enrichOk(crypto, only24h)).toMatchObject({ open: 95_800, high: 97_900, low: 95_500, volume: 30_123.4 });
  });

  it('maps a Finnhub /quote body to the quote shape as an equity', () => {
    expect(enrichOk(crypto, FINNHUB_SAMPLE)).toEqual({
      event_id: 'finnhub:AAPL:1796036380',
      event_time: '2026-11-30T10:59:40.000Z',
      source: 'finnhub',
      symbol: 'AAPL',
      asset_class: 'equity',
      price: 231.5,
      open: 230,
      high: 232.1,
      low: 229.8,
      prev_close: 230.25,
    });
  });

  it('accepts Finnhub nulls in d and dp', () => {
    expect(enrichOk(crypto, { ...FINNHUB_SAMPLE, d: null, dp: null }).price).toBe(231.5);
  });
});

describe('crypto rules', () => {
  it('schema.oneOf: quarantines a body in neither format, naming what each missed', () => {
    const rec = quarantineOf(crypto, { symbol: 'AAPL', price: 1 });
    expect(rec.rule).toBe('schema.oneOf');
    expect(rec.detail).toContain("must have required property 'FROMSYMBOL'");
    expect(rec.detail).toContain("must have required property 'c'");
  });

  it('quote.empty: quarantines the zeros Finnhub returns for an unknown symbol', () => {
    expect(quarantineOf(crypto, { symbol: 'NOPE', c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 }).rule).toBe('quote.empty');
  });

  it('price.negative: quarantines a negative CryptoCompare price', () => {
    expect(quarantineOf(crypto, { ...CRYPTOCOMPARE_SAMPLE, PRICE: -3 })).toMatchObject({ rule: 'price.negative', detail: 'PRICE -3 is negative' });
  });

  it('timestamp.future: quarantines a quote time a day ahead', () => {
    expect(quarantineOf(crypto, { ...FINNHUB_SAMPLE, t: FINNHUB_SAMPLE.t + 86_400 }).rule).toBe('timestamp.future');
  });

  it('timestamp.invalid: quarantines a quote time no date can hold', () => {
    expect(quarantineOf(crypto, { ...FINNHUB_SAMPLE, t: 1e300 }).rule).toBe('timestamp.invalid');
  });
});
