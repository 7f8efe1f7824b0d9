import { TAXI_SAMPLE } from './samples';
import { taxi, taxiEstimate } from './taxi';
import { enrichOk, quarantineOf } from './test-helpers';

describe('taxi enrichment', () => {
  it('computes distance, ETA and price for a medium ride 1 km away', () => {
    // 0.009° of latitude = 1.00076 km; ETA 1.00076 / 24 km/h × 60 = 2.50 min;
    // price (2.60 + 1.30 × 1.00076) × 1.35 = 5.2663 EUR.
    expect(enrichOk(taxi, TAXI_SAMPLE)).toEqual({
      event_id: 'r-000001',
      event_time: '2026-11-30T11:59:58.120Z',
      ride_id: 'r-000001',
      taxi_id: 't-042',
      client_id: 'c-1337',
      taxi: { lat: 48.8566, lon: 2.3522 },
      client: { lat: 48.8656, lon: 2.3522 },
      comfort: 'medium',
      distance_km: 1.001,
      eta_minutes: 2.5,
      price_estimate: 5.27,
      currency: 'EUR',
    });
  });

  it('prices each comfort level with its multiplier (Paris to London, 343.5565 km)', () => {
    const paris = { lat: 48.8566, lon: 2.3522 };
    const london = { lat: 51.5074, lon: -0.1278 };
    // low: 2.60 + 1.30 × 343.5565 = 449.2235; medium × 1.35 = 606.4517; high × 1.9 = 853.5246.
    // ETA 343.5565 / 24 × 60 = 858.89 min.
    expect(taxiEstimate(paris, london, 'low')).toEqual({ distance_km: 343.557, eta_minutes: 858.9, price_estimate: 449.22 });
    expect(taxiEstimate(paris, london, 'medium').price_estimate).toBe(606.45);
    expect(taxiEstimate(paris, london, 'high').price_estimate).toBe(853.52);
  });

  it('normalizes the event time to UTC', () => {
    expect(enrichOk(taxi, { ...TAXI_SAMPLE, timestamp: '2026-11-30T12:59:58+01:00' }).event_time).toBe('2026-11-30T11:59:58.000Z');
  });
});

describe('taxi rules', () => {
  it('coordinates.range: quarantines a latitude beyond 90', () => {
    expect(quarantineOf(taxi, { ...TAXI_SAMPLE, taxi: { lat: 123.4, lon: 2 } })).toMatchObject({ rule: 'coordinates.range', detail: 'taxi.lat 123.4 is outside [-90, 90]' });
  });

  it('coordinates.range: quarantines a longitude beyond 180', () => {
    expect(quarantineOf(taxi, { ...TAXI_SAMPLE, client: { lat: 1, lon: -181 } }).detail).toBe('client.lon -181 is outside [-180, 180]');
  });

  it('timestamp.future: quarantines a request two hours ahead of the clock', () => {
    expect(quarantineOf(taxi, { ...TAXI_SAMPLE, timestamp: '2026-11-30T14:00:00Z' }).rule).toBe('timestamp.future');
  });
});
