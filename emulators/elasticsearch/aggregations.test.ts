import { useEmulator } from './test-helpers';

/** Deterministic pseudo-random numbers (mulberry32), so the data is the same every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ride { zone: string; comfort: string; fare: number; at: number; km: number; loc: { lat: number; lon: number } }

const random = rng(42);
const ZONES = ['north', 'south', 'east', 'west', 'centre'];
const COMFORT = ['low', 'medium', 'high'];
const START = Date.UTC(2024, 2, 30); // spans the Europe/Paris DST change on 2024-03-31
const RIDES: Ride[] = Array.from({ length: 5000 }, () => ({
  zone: ZONES[Math.floor(random() ** 2 * ZONES.length)],
  comfort: COMFORT[Math.floor(random() * COMFORT.length)],
  fare: Math.round(random() * 10_000) / 100,
  at: START + Math.floor(random() * 5 * 86_400_000),
  km: Math.floor(random() * 40),
  loc: { lat: 48.8 + random() * 0.2, lon: 2.2 + random() * 0.3 },
}));

const countBy = <T>(items: T[], key: (t: T) => string | number): Map<string | number, number> => {
  const m = new Map<string | number, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

describe('aggregations through the official client', () => {
  const t = useEmulator();
  type Aggs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const aggs = async (body: Record<string, unknown>, query?: Record<string, unknown>): Promise<Aggs> =>
    (await t.client.search({ index: 'rides-*', size: 0, query, aggs: body as never })).aggregations as Aggs;

  beforeAll(async () => {
    await t.client.indices.putIndexTemplate({
      name: 'rides', index_patterns: ['rides-*'],
      template: { mappings: { properties: { zone: { type: 'keyword' }, comfort: { type: 'keyword' }, fare: { type: 'double' }, at: { type: 'date' }, km: { type: 'integer' }, loc: { type: 'geo_point' } } } },
    });
    // Daily indices, as the pipelines write them: aggregations must merge across indices.
    await t.client.helpers.bulk({
      datasource: RIDES.map((r, i) => ({ ...r, id: String(i), at: new Date(r.at).toISOString() })),
      onDocument: (d) => ({ index: { _index: `rides-${d.at.slice(0, 10).replace(/-/g, '.')}`, _id: d.id } }),
      refreshOnCompletion: 'rides-*',
    });
  });

  it('computes terms buckets equal to counts computed here', async () => {
    const r = await aggs({ zones: { terms: { field: 'zone', size: 3 } } });
    const expected = [...countBy(RIDES, (x) => x.zone)].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
    expect(r.zones.buckets).toEqual(expected.slice(0, 3).map(([key, doc_count]) => ({ key, doc_count })));
    expect(r.zones.sum_other_doc_count).toBe(expected.slice(3).reduce((n, [, c]) => n + c, 0));
  });

  it('computes date_histogram buckets (calendar and fixed) equal to counts computed here', async () => {
    const r = await aggs({
      daily: { date_histogram: { field: 'at', calendar_interval: 'day' } },
      sixHours: { date_histogram: { field: 'at', fixed_interval: '6h' } },
    });
    const day = 86_400_000;
    const daily = [...countBy(RIDES, (x) => Math.floor(x.at / day) * day)].sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(r.daily.buckets).toEqual(daily.map(([key, doc_count]) => ({ key, key_as_string: new Date(key).toISOString(), doc_count })));
    const six = countBy(RIDES, (x) => Math.floor(x.at / 21_600_000) * 21_600_000);
    for (const b of r.sixHours.buckets) expect(b.doc_count).toBe(six.get(b.key) ?? 0);
    expect(r.sixHours.buckets.reduce((n: number, b: { doc_count: number }) => n + b.doc_count, 0)).toBe(RIDES.length);
  });

  it('buckets days in a time zone across a DST change', async () => {
    const r = await aggs({ daily: { date_histogram: { field: 'at', calendar_interval: 'day', time_zone: 'Europe/Paris' } } });
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
    const expected = countBy(RIDES, (x) => local.format(new Date(x.at)));
    const got = new Map(r.daily.buckets.map((b: { key_as_string: string; doc_count: number }) => [b.key_as_string.slice(0, 10), b.doc_count]));
    expect(got).toEqual(expected);
    const dstDay = r.daily.buckets.find((b: { key_as_string: string }) => b.key_as_string.startsWith('2024-03-31'));
    expect(dstDay.key_as_string).toBe('2024-03-31T00:00:00.000+01:00');
    const next = r.daily.buckets.find((b: { key_as_string: string }) => b.key_as_string.startsWith('2024-04-01'));
    expect(next.key - dstDay.key).toBe(23 * 3_600_000);
  });

  it('computes metrics and sub-aggregations per bucket', async () => {
    const r = await aggs({
      byComfort: {
        terms: { field: 'comfort', order: { _key: 'asc' } },
        aggs: { avgFare: { avg: { field: 'fare' } }, fare: { stats: { field: 'fare' } }, kms: { sum: { field: 'km' } }, zones: { cardinality: { field: 'zone' } }, n: { value_count: { field: 'fare' } } },
      },
    });
    for (const b of r.byComfort.buckets) {
      const rides = RIDES.filter((x) => x.comfort === b.key);
      const fares = rides.map((x) => x.fare);
      expect(b.doc_count).toBe(rides.length);
      expect(b.avgFare.value).toBeCloseTo(fares.reduce((a, c) => a + c, 0) / fares.length, 6);
      expect(b.fare).toMatchObject({ count: fares.length, min: Math.min(...fares), max: Math.max(...fares) });
      expect(b.kms.value).toBe(rides.reduce((a, x) => a + x.km, 0));
      expect(b.zones.value).toBe(new Set(rides.map((x) => x.zone)).size);
      expect(b.n.value).toBe(rides.length);
    }
    expect(r.byComfort.buckets.map((b: { key: string }) => b.key)).toEqual(['high', 'low', 'medium']);
  });

  it('computes histogram, range, percentiles, min/max on dates, top_hits and geo_bounds', async () => {
    const r = await aggs({
      km: { histogram: { field: 'km', interval: 10 } },
      fares: { range: { field: 'fare', ranges: [{ to: 25 }, { from: 25, to: 75 }, { from: 75 }] } },
      pct: { percentiles: { field: 'km', percents: [50] } },
      first: { min: { field: 'at' } },
      cheapest: { top_hits: { size: 1, sort: [{ fare: 'asc' }], _source: ['fare'] } },
      area: { geo_bounds: { field: 'loc' } },
    });
    expect(r.km.buckets.map((b: { key: number; doc_count: number }) => [b.key, b.doc_count])).toEqual([0, 10, 20, 30].map((k) => [k, RIDES.filter((x) => x.km >= k && x.km < k + 10).length]));
    expect(r.fares.buckets.map((b: { key: string; doc_count: number }) => [b.key, b.doc_count])).toEqual([
      ['*-25.0', RIDES.filter((x) => x.fare < 25).length], ['25.0-75.0', RIDES.filter((x) => x.fare >= 25 && x.fare < 75).length], ['75.0-*', RIDES.filter((x) => x.fare >= 75).length],
    ]);
    const kms = RIDES.map((x) => x.km).sort((a, b) => a - b);
    expect(r.pct.values['50.0']).toBe((kms[(kms.length - 1) >> 1] + kms[kms.length >> 1]) / 2);
    const first = Math.min(...RIDES.map((x) => x.at));
    expect(r.first).toEqual({ value: first, value_as_string: new Date(first).toISOString() });
    expect(r.cheapest.hits.hits[0]._source.fare).toBe(Math.min(...RIDES.map((x) => x.fare)));
    expect(r.area.bounds.top_left.lat).toBeCloseTo(Math.max(...RIDES.map((x) => x.loc.lat)), 6);
    expect(r.area.bounds.bottom_right.lon).toBeCloseTo(Math.max(...RIDES.map((x) => x.loc.lon)), 6);
  });

  it('computes date_range with date math, missing, and extended_stats', async () => {
    const r = await aggs({
      early: { date_range: { field: 'at', format: 'yyyy-MM-dd', ranges: [{ from: '2024-04-01||/d' }, { to: '2024-03-31' }] } },
      noZone: { missing: { field: 'zone_typo' } },
      km: { extended_stats: { field: 'km' } },
    });
    const cut = Date.UTC(2024, 3, 1);
    expect(r.early.buckets).toEqual([
      { key: '*-2024-03-31', to: Date.UTC(2024, 2, 31), to_as_string: '2024-03-31', doc_count: RIDES.filter((x) => x.at < Date.UTC(2024, 2, 31)).length },
      { key: '2024-04-01-*', from: cut, from_as_string: '2024-04-01', doc_count: RIDES.filter((x) => x.at >= cut).length },
    ]);
    expect(r.noZone.doc_count).toBe(RIDES.length);
    const kms = RIDES.map((x) => x.km);
    const mean = kms.reduce((a, b) => a + b, 0) / kms.length;
    expect(r.km.count).toBe(kms.length);
    expect(r.km.std_deviation).toBeCloseTo(Math.sqrt(kms.reduce((a, b) => a + (b - mean) ** 2, 0) / kms.length), 6);
  });

  it('pages a composite aggregation over zone x day with after_key', async () => {
    const body = { composite: { size: 7, sources: [{ zone: { terms: { field: 'zone' } } }, { day: { date_histogram: { field: 'at', calendar_interval: 'day' } } }] }, aggs: { fare: { sum: { field: 'fare' } } } };
    const seen = new Map<string, number>();
    let after: Record<string, unknown> | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await aggs({ combos: { composite: { ...body.composite, ...(after ? { after } : {}) }, aggs: body.aggs } });
      for (const b of r.combos.buckets) seen.set(`${b.key.zone}|${b.key.day}`, b.doc_count);
      if (r.combos.buckets.length < 7) break;
      after = r.combos.after_key;
    }
    const expected = countBy(RIDES, (x) => `${x.zone}|${Math.floor(x.at / 86_400_000) * 86_400_000}`);
    expect(seen).toEqual(expected);
    const first = (await aggs({ combos: body })).combos;
    expect(first.buckets[0].key).toEqual({ zone: 'centre', day: Date.UTC(2024, 2, 30) });
    expect(first.buckets[0].fare.value).toBeCloseTo(RIDES.filter((x) => x.zone === 'centre' && x.at < Date.UTC(2024, 2, 31)).reduce((a, x) => a + x.fare, 0), 6);
  });

  it('counts a multi-valued doc once per distinct value in terms', async () => {
    await t.client.bulk({ refresh: true, operations: [{ index: { _index: 'multi', _id: '1' } }, { n: [5, 5, 7], k: ['a', 'a', 'b'] }, { index: { _index: 'multi', _id: '2' } }, { n: 7, k: 'b' }] });
    const r = (await t.client.search({ index: 'multi', size: 0, aggs: { n: { terms: { field: 'n' } }, k: { terms: { field: 'k.keyword' } }, total: { sum: { field: 'n' } } } })).aggregations as Aggs;
    expect(r.n.buckets).toEqual([{ key: 7, doc_count: 2 }, { key: 5, doc_count: 1 }]);
    expect(r.k.buckets).toEqual([{ key: 'b', doc_count: 2 }, { key: 'a', doc_count: 1 }]);
    expect(r.total.value).toBe(24);
  });

  it('aggregates only the documents the query matches', async () => {
    const r = await aggs({ zones: { terms: { field: 'zone' } } }, { bool: { filter: [{ term: { comfort: 'high' } }, { range: { fare: { gte: 50 } } }] } });
    const expected = countBy(RIDES.filter((x) => x.comfort === 'high' && x.fare >= 50), (x) => x.zone);
    expect(new Map(r.zones.buckets.map((b: { key: string; doc_count: number }) => [b.key, b.doc_count]))).toEqual(expected);
  });
});
