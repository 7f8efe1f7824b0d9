import { iot, SENSORS } from './iot';
import { IOT_SAMPLE } from './samples';
import { enrichOk, quarantineOf, testContext } from './test-helpers';

describe('iot enrichment', () => {
  it('adds the unit, event time and date, and flags a normal reading ok', () => {
    expect(enrichOk(iot, IOT_SAMPLE)).toEqual({
      event_id: '413/co2/1796036390',
      event_time: '2026-11-30T10:59:50.000Z',
      event_date: '2026-11-30',
      room: '413',
      sensor_type: 'co2',
      value: 612,
      unit: 'ppm',
      quality: 'ok',
    });
  });

  it('flags a value outside the plausible range out_of_range', () => {
    expect(enrichOk(iot, { ...IOT_SAMPLE, value: 6000 }).quality).toBe('out_of_range');
  });

  it('flags a jump larger than the spike threshold from the previous reading', () => {
    const ctx = testContext();
    enrichOk(iot, IOT_SAMPLE, ctx);
    expect(enrichOk(iot, { ...IOT_SAMPLE, timestamp: IOT_SAMPLE.timestamp + 7, value: 612 + 801 }, ctx).quality).toBe('spike');
  });

  it('flags the Nth equal reading in a row stuck, per sensor', () => {
    const ctx = testContext();
    const n = SENSORS.co2.stuckAfter!;
    const flags = Array.from({ length: n }, (_, i) => enrichOk(iot, { ...IOT_SAMPLE, timestamp: IOT_SAMPLE.timestamp + i * 7 }, ctx).quality);
    expect(flags.slice(0, n - 1).every((f) => f === 'ok')).toBe(true);
    expect(flags[n - 1]).toBe('stuck');
    // Another room's sensor has its own run.
    expect(enrichOk(iot, { ...IOT_SAMPLE, room: '415' }, ctx).quality).toBe('ok');
    // A different value ends the run.
    expect(enrichOk(iot, { ...IOT_SAMPLE, value: 613, timestamp: IOT_SAMPLE.timestamp + n * 7 }, ctx).quality).toBe('ok');
  });

  it('never flags pir stuck (rooms are empty for hours)', () => {
    const ctx = testContext();
    const pir = { ...IOT_SAMPLE, sensor_type: 'pir', value: 0 };
    const flags = Array.from({ length: 50 }, (_, i) => enrichOk(iot, { ...pir, timestamp: pir.timestamp + i * 7 }, ctx).quality);
    expect(new Set(flags)).toEqual(new Set(['ok']));
  });
});

describe('iot rules', () => {
  it('sensor.range: quarantines a humidity above 100 %', () => {
    expect(quarantineOf(iot, { ...IOT_SAMPLE, sensor_type: 'humidity', value: 140 })).toMatchObject({ rule: 'sensor.range', detail: 'humidity value 140 is outside the physical range [0, 100]' });
  });

  it('timestamp.future: quarantines a reading a day ahead', () => {
    expect(quarantineOf(iot, { ...IOT_SAMPLE, timestamp: IOT_SAMPLE.timestamp + 86_400 }).rule).toBe('timestamp.future');
  });

  it('schema.enum: quarantines an unknown sensor type', () => {
    expect(quarantineOf(iot, { ...IOT_SAMPLE, sensor_type: 'pressure' }).rule).toBe('schema.enum');
  });
});
