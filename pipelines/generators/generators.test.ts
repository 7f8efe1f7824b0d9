import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cryptoRawSchema, iotRawSchema, retailRawSchema, stocksRawSchema, taxiRawSchema } from '../../schemas';
import type { JsonSchema } from '../../schemas/types';
import { GENERATORS, getGenerator, UnknownGeneratorError } from '.';
import { CRYPTO, EQUITIES, priceMultiFullBody } from './crypto';
import { ROOMS, SENSORS } from './iot';
import { INSTRUMENTS } from './stocks';

const RAW_SCHEMAS: Record<string, JsonSchema> = { taxi: taxiRawSchema, stocks: stocksRawSchema, iot: iotRawSchema, crypto: cryptoRawSchema, retail: retailRawSchema };

const ajv = new Ajv2020({ discriminator: true, strict: true, strictTypes: false, allowUnionTypes: true });
addFormats(ajv);
ajv.addKeyword({ keyword: 'x-es', schemaType: 'string' });
ajv.addKeyword({ keyword: 'x-bq', schemaType: 'string' });

describe.each(GENERATORS.map((g) => [g.id, g] as const))('%s generator', (id, generator) => {
  const samples = [...generator.generate({ count: 2000, seed: 7 })];

  it('yields exactly count samples, and none for count 0', () => {
    expect(samples).toHaveLength(2000);
    expect([...generator.generate({ count: 0, seed: 7 })]).toEqual([]);
  });

  it('is a pure function of its options (start moves times, seed changes values)', () => {
    expect([...generator.generate({ count: 200, seed: 7 })]).toEqual(samples.slice(0, 200));
    expect(JSON.stringify([...generator.generate({ count: 200, seed: 8 })])).not.toBe(JSON.stringify(samples.slice(0, 200)));
    const later = [...generator.generate({ count: 5, seed: 7, start: new Date('2026-03-01T00:00:00Z') })];
    expect(JSON.stringify(later)).not.toBe(JSON.stringify(samples.slice(0, 5)));
  });

  it('yields events that satisfy the raw schema unless tagged as a quarantinable defect', () => {
    const validate = ajv.compile(RAW_SCHEMAS[id] as object);
    const wrong = samples.filter((s) => {
      const expectValid = !s.defect || s.defect.rule === undefined || !s.defect.rule.startsWith('schema.');
      return validate(s.event) !== expectValid;
    });
    expect(wrong).toEqual([]);
  });
});

describe('generator specifics', () => {
  it('unknown ids are answered with the valid ones', () => {
    expect(() => getGenerator('nope')).toThrow(UnknownGeneratorError);
    expect(() => getGenerator('nope')).toThrow('taxi, stocks, iot, crypto, retail');
  });

  it('stocks: ticks cycle through the 10 instruments with cumulative volume and the previous close', () => {
    const ticks = [...getGenerator('stocks').generate({ count: 10 * 50, seed: 3 })].map((s) => s.event);
    expect(new Set(ticks.map((t) => t.instrument_token)).size).toBe(INSTRUMENTS.length);
    const infy = ticks.filter((t) => t.tradingsymbol === 'INFY');
    expect(infy.every((t, i) => i === 0 || (t.volume as number) >= (infy[i - 1].volume as number))).toBe(true);
    for (const t of ticks) {
      const o = t.ohlc as { open: number; high: number; low: number; close: number };
      expect(o.low).toBeLessThanOrEqual(t.last_price as number);
      expect(o.high).toBeGreaterThanOrEqual(t.last_price as number);
    }
  });

  it('stocks: the daily seasonal swing shows (same seed at 06:00 and 18:00 UTC: same walk, prices apart)', () => {
    // With one seed the random walk is the same whatever the start, so only the seasonal term differs.
    const at = (start: string) => [...getGenerator('stocks').generate({ count: 10 * 100, seed: 11, start: new Date(start) })].map((s) => s.event.last_price as number);
    const peak = at('2025-01-06T06:00:00Z'), trough = at('2025-01-06T18:00:00Z');
    const ratio = peak.reduce((a, p, i) => a + p / trough[i], 0) / peak.length;
    expect(ratio).toBeGreaterThan(1.015);
  });

  it('iot: 51 rooms x 5 sensors, each sensor read every 5-10 s, in time order', () => {
    const readings = [...getGenerator('iot').generate({ count: 255 * 40, seed: 5 })].map((s) => s.event);
    expect(new Set(readings.map((r) => `${String(r.room)}/${String(r.sensor_type)}`)).size).toBe(ROOMS.length * SENSORS.length);
    expect(ROOMS).toHaveLength(51);
    const ts = readings.map((r) => r.timestamp as number);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1])).toBe(true);
    const co2 = readings.filter((r) => r.room === '413' && r.sensor_type === 'co2').map((r) => r.timestamp as number);
    for (let i = 1; i < co2.length; i++) expect(co2[i] - co2[i - 1]).toBeGreaterThanOrEqual(5), expect(co2[i] - co2[i - 1]).toBeLessThanOrEqual(10);
  });

  it('iot: occupancy drives co2 (Monday 14:00 UTC above 04:00 with the same seed)', () => {
    const meanCo2 = (start: string) => {
      const co2 = [...getGenerator('iot').generate({ count: 255 * 20, seed: 5, start: new Date(start) })]
        .filter((s) => s.event.sensor_type === 'co2').map((s) => s.event.value as number);
      return co2.reduce((a, b) => a + b, 0) / co2.length;
    };
    expect(meanCo2('2025-01-06T14:00:00Z')).toBeGreaterThan(meanCo2('2025-01-06T04:00:00Z') + 100);
  });

  it('crypto: CryptoCompare RAW entries and Finnhub quotes for every symbol, wrappable into a pricemultifull body', () => {
    const events = [...getGenerator('crypto').generate({ count: 120, seed: 1 })].map((s) => s.event);
    expect(new Set(events.filter((e) => 'FROMSYMBOL' in e).map((e) => e.FROMSYMBOL))).toEqual(new Set(CRYPTO.map((c) => c.symbol)));
    expect(new Set(events.filter((e) => 'c' in e).map((e) => e.symbol))).toEqual(new Set(EQUITIES.map((c) => c.symbol)));
    const body = priceMultiFullBody(events.slice(0, CRYPTO.length)) as { RAW: Record<string, Record<string, { PRICE: number }>>; DISPLAY: Record<string, unknown> };
    expect(body.RAW.BTC.USD.PRICE).toBe(events[0].PRICE);
    expect(Object.keys(body.DISPLAY)).toEqual(CRYPTO.map((c) => c.symbol));
  });

  it('retail: defects come at about the known rate, every kind appears, each tagged with its rule', () => {
    const g = getGenerator('retail');
    const samples = [...g.generate({ count: 10_000, seed: 9 })];
    const defects = samples.filter((s) => s.defect);
    expect(defects.length / samples.length).toBeGreaterThan(0.04);
    expect(defects.length / samples.length).toBeLessThan(0.06);
    expect(new Set(defects.map((d) => d.defect!.kind))).toEqual(new Set(g.defects.kinds.map((k) => k.kind)));
    for (const d of defects) expect(d.defect!.rule).toBe(g.defects.kinds.find((k) => k.kind === d.defect!.kind)!.rule);
    expect([...g.generate({ count: 1000, seed: 9, defectRate: 0 })].some((s) => s.defect)).toBe(false);
    expect(new Set(samples.map((s) => s.event.record_type))).toEqual(new Set(['order_line', 'customer', 'product', 'weblog']));
  });

  it('retail: web-log lines are in combined log format', () => {
    const line = [...getGenerator('retail').generate({ count: 200, seed: 2 })].map((s) => s.event).find((e) => e.record_type === 'weblog')!.line as string;
    expect(line).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(GET|POST) \S+ HTTP\/1\.1" \d{3} \d+ "[^"]*" "[^"]*"$/);
  });
});
