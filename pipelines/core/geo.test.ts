import { haversineKm, round } from './geo';

describe('haversineKm', () => {
  it('gives Paris (48.8566, 2.3522) to London (51.5074, -0.1278) as about 343.5 km', () => {
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 })).toBeCloseTo(343.5, 0);
  });

  it('gives 0.009° of latitude as 1.0008 km (0.009 × π/180 × 6371.0088)', () => {
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 48.8656, lon: 2.3522 })).toBeCloseTo(1.00076, 4);
  });

  it('gives half the equator for antipodes', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });
});

describe('round', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(-2.5, 0)).toBe(-3);
    expect(round(858.93, 1)).toBe(858.9);
  });
});
