import { mulberry32 } from './prng';
import { HOT_SPOTS, taxiGenerator } from './taxi';

/**
 * Lloyd's k-means with k-means++ seeding. (ml-kmeans is ESM-only with ESM dependencies that
 * jest's transformIgnorePatterns does not list, so the test carries its own 30 lines.)
 */
function kmeans(points: number[][], k: number, seed: number): number[][] {
  const rng = mulberry32(seed);
  const d2 = (a: number[], b: number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  const centres = [points[Math.floor(rng.next() * points.length)]];
  while (centres.length < k) {
    const dist = points.map((p) => Math.min(...centres.map((c) => d2(p, c))));
    let x = rng.next() * dist.reduce((a, b) => a + b, 0);
    let i = 0;
    while (i < points.length - 1 && (x -= dist[i]) > 0) i++;
    centres.push(points[i]);
  }
  for (let iter = 0; iter < 100; iter++) {
    const sums = centres.map(() => [0, 0, 0]);
    for (const p of points) {
      let best = 0;
      for (let c = 1; c < k; c++) if (d2(p, centres[c]) < d2(p, centres[best])) best = c;
      sums[best][0] += p[0]; sums[best][1] += p[1]; sums[best][2]++;
    }
    const next = sums.map((s, c) => (s[2] ? [s[0] / s[2], s[1] / s[2]] : centres[c]));
    const moved = next.some((c, i) => d2(c, centres[i]) > 1e-14);
    centres.splice(0, k, ...next);
    if (!moved) break;
  }
  return centres;
}

/** Great-circle distance in km (only for checking cluster centres here). */
function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

describe('taxi generator', () => {
  const samples = [...taxiGenerator.generate({ count: 4000, seed: 7 })];

  it('yields count events in time order with comfort levels', () => {
    expect(samples).toHaveLength(4000);
    const times = samples.map((s) => Date.parse(s.event.timestamp as string));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(new Set(samples.map((s) => s.event.comfort))).toEqual(new Set(['low', 'medium', 'high']));
  });

  it('puts pickups in 8 zones that k-means recovers (each centre within 1 km of a hot spot)', () => {
    const points = samples.map((s) => {
      const c = s.event.client as { lat: number; lon: number };
      return [c.lat, c.lon];
    });
    const centres = kmeans(points, 8, 42).map(([lat, lon]) => ({ lat, lon }));
    for (const spot of HOT_SPOTS) {
      const nearest = Math.min(...centres.map((c) => km(c, spot)));
      expect(nearest).toBeLessThan(1);
    }
  });

  it('keeps the taxi within a few km of the client', () => {
    for (const { event } of samples) {
      expect(km(event.taxi as { lat: number; lon: number }, event.client as { lat: number; lon: number })).toBeLessThan(10);
    }
  });
});
